"""A bureau's checklist sheet (one row per item, Chinese column names) -> checklist data.

The header row is the first of the sheet's first ``HEADER_ROWS`` rows that names
the question column (检查内容 …) and at least one other known column; a title row
above it gives the checklist's title.  Below it, each row is an item; a row whose
only text is a section name (in the 序号 or 检查项目 column, or merged across the
row) starts a section, and a section name merged down (or left empty below) its
first row carries on.  Item ids come from an 编号 column, else from the section's
position and the 序号 (see docs/checklist-format.md).
"""
from __future__ import annotations

import re

from checklists.common.messages import Listing

from .fields import Collector, did_you_mean, plain
from .workbook import Sheet, place

HEADER_ROWS = 30
COLUMNS = {
    "id": ("编号", "检查项编号", "项目编号", "id"),
    "seq": ("序号", "序"),
    "section": ("检查项目", "检查类别", "检查类型", "类别", "分类", "章节", "检查环节", "检查单元", "项目"),
    "question": ("检查内容", "检查事项", "检查问题", "检查项", "内容"),
    "check_points": ("检查要点", "检查方法", "检查方式", "检查重点", "检查指引", "要点"),
    "basis": ("检查依据", "依据", "法律依据", "法规依据", "依据条款", "违反条款", "违法条款"),
    "penalty": ("处罚依据", "罚则", "处罚条款", "法律责任"),
    "criterion": ("判定依据", "重大隐患判定依据", "判定标准"),
    "hazard_level": ("隐患级别", "隐患等级", "级别"),
    "rectification": ("整改方式", "处理方式", "整改要求"),
    "rectification_days": ("整改期限", "整改时限", "整改天数", "期限"),
}
IGNORED = ("检查结果", "检查情况", "是否符合", "符合", "不符合", "不适用", "备注", "说明", "存在问题",
           "检查记录", "签字", "整改情况", "责任人", "检查人")
ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
ITEM_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
HEADING_FIELDS = {"id", "seq", "section"}


def header_name(value) -> str:
    """A header as compared: no spaces, line breaks, asterisks, colons or notes in brackets."""
    text = re.sub(r"[（(][^）)]*[）)]", "", plain(value))
    return re.sub(r"[\s\u3000*＊:：]", "", text)


class BureauSheet(Collector):
    """Converts one sheet; ``convert`` returns the checklist's title (from the sheet),
    its sections as YAML data, and where each item came from."""

    def __init__(self, file: str, sheet: Sheet, prefix: str = "X") -> None:
        super().__init__(file)
        self.sheet = sheet
        self.prefix = prefix
        self.origins: dict[str, str] = {}
        self.claimed: dict[str, str] = {}          # item id -> the row that has it
        self.sections: list[dict] = []
        self.title: str | None = None

    def where(self, row: int | None = None, column: int | None = None) -> str:
        return place(self.file, self.sheet.name, row, column)

    def convert(self) -> list[dict]:
        found = find_header(self.sheet)
        if found is None:
            self.error(self.where(), "前 {rows} 行中找不到表头（检查内容、检查依据等列名）",
                       "表头一行写列名：{names}；标题行可以在表头之上", rows=HEADER_ROWS,
                       names=Listing(("序号", "检查项目", "检查内容", "检查要点", "检查依据", "处罚依据",
                                      "隐患级别", "整改方式", "整改期限")))
            return []
        header_row = found
        self.title = self._title(header_row)
        columns = self._columns(header_row)
        if columns is None:
            return []
        self._rows(header_row + self._sub_header(header_row), columns)
        return self.sections

    def _sub_header(self, header_row: int) -> int:
        """1 when the header takes two rows (检查结果 over 符合 / 不符合, the other names
        merged down both), else 0."""
        below = header_row + 1
        if below > len(self.sheet.rows):
            return 0
        merged = False
        for column, value in enumerate(self.sheet.rows[below - 1], 1):
            name = header_name(value)
            if not name:
                continue
            if name == header_name(self.sheet.value(header_row, column)):
                merged = True
            elif name not in ALIASES and name not in IGNORED:
                return 0
        return 1 if merged else 0

    def _title(self, header_row: int) -> str | None:
        for row in range(1, header_row):
            texts = {plain(v) for v in self.sheet.rows[row - 1] if plain(v)}
            if len(texts) == 1:
                return texts.pop()
        return None

    def _columns(self, header_row: int) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for column, value in enumerate(self.sheet.rows[header_row - 1], 1):
            name = header_name(value)
            if not name:
                continue
            where = self.where(header_row, column)
            key = ALIASES.get(name)
            if key is None:
                self._unknown_column(where, name)
            elif key in columns:
                self.error(where, "列“{name}”与 {first} 列重复", "每种内容只写一列；删去或改名其中一列",
                           name=name, first=self.where(header_row, columns[key]).rsplit("!", 1)[1])
            else:
                columns[key] = column
        for key, label in (("question", "检查内容"), ("basis", "检查依据")):
            if key not in columns:
                self.error(self.where(header_row), "表头没有“{label}”列", "加上这一列（可用的列名：{names}）",
                           label=label, names=Listing(COLUMNS[key]))
        required = "question" in columns and "basis" in columns
        duplicate = any(p.message.template.startswith("列“{name}”与") for p in self.problems)
        return columns if required and not duplicate else None

    def _unknown_column(self, where: str, name: str) -> None:
        if name in IGNORED:
            self.warn(where, "列“{name}”不导入", "检查表只导入检查项本身；检查结果在检查时填写", name=name)
            return
        hint = did_you_mean(name, ALIASES, cutoff=0.6)
        if hint.template.startswith("是否"):
            self.error(where, "未知的列名“{name}”", hint, name=name)
        else:
            self.warn(where, "未知的列名“{name}”，这一列不导入", hint, name=name)

    def _rows(self, header_row: int, columns: dict[str, int]) -> None:
        section: str | None = None
        for row in range(header_row + 1, len(self.sheet.rows) + 1):
            cells = {key: (self.where(row, column), self.sheet.value(row, column))
                     for key, column in columns.items()}
            filled = {key for key, (_, value) in cells.items() if plain(value)}
            if not filled:
                continue
            if filled == {"seq"} and re.fullmatch(r"[\d.]+", plain(cells["seq"][1])):
                continue                # a numbered row left empty
            heading = self._heading(row, cells, filled)
            if heading is not None:
                section = heading
                continue
            if "section" in filled:
                section = plain(cells["section"][1])
            self._item(row, cells, section)

    def _heading(self, row: int, cells: dict, filled: set[str]) -> str | None:
        """A section's name when the row holds nothing else: only in 序号 / 检查项目 /
        编号, or one text merged across several columns."""
        texts = {plain(cells[key][1]) for key in filled}
        if len(texts) == 1 and (filled <= HEADING_FIELDS or len(filled) > 1):
            return texts.pop()
        return None

    def _item(self, row: int, cells: dict, section: str | None) -> None:
        current = self.sections[-1] if self.sections else None
        if current is None or current["title"] != (section or current["title"]):
            current = {"id": f"s{len(self.sections) + 1:02d}", "title": section, "items": []}
            self.sections.append(current)
            self.origins[current["id"]] = self.where(row)
        item_id = self._item_id(row, cells, len(self.sections), len(current["items"]) + 1)
        duplicate = item_id in self.claimed
        if duplicate:
            self.error(self.where(row), "检查项 id {id} 重复（第一次在 {first}）",
                       "每行的序号在本章节内要唯一；或加一列“编号”写出每项的 id", id=item_id,
                       first=self.claimed[item_id].rsplit(":", 1)[-1])
        self.claimed.setdefault(item_id, self.where(row))
        item = self.item(item_id, cells)        # checked even when its id is taken: every problem at once
        if item is not None and not duplicate:
            current["items"].append(item)
            self.origins[item_id] = self.where(row)

    def _item_id(self, row: int, cells: dict, section_no: int, ordinal: int) -> str:
        given = plain(cells["id"][1]) if "id" in cells else ""
        if given:
            if not ITEM_ID.fullmatch(given):
                self.error(cells["id"][0], "编号“{value}”格式不对",
                           "用大写字母和数字，以连字符分段，例如 EL-01、GEN-03-2", value=given)
            item_id = given
        else:
            seq = [p.zfill(2).upper() for p in re.findall(r"[A-Za-z0-9]+", plain(cells["seq"][1]))] \
                if "seq" in cells else []
            # "2.3" holds the section's number; "3" (or nothing) follows the section's position
            parts = seq if len(seq) > 1 else [f"{section_no:02d}", *(seq or [f"{ordinal:02d}"])]
            item_id = "-".join([self.prefix, *parts])
        return item_id


def find_header(sheet: Sheet) -> int | None:
    """The number of the header row, or None."""
    for row in range(1, min(len(sheet.rows), HEADER_ROWS) + 1):
        keys = {ALIASES.get(header_name(v)) for v in sheet.rows[row - 1]} - {None}
        if "question" in keys and len(keys) >= 2:
            return row
    return None

