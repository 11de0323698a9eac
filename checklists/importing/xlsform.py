"""The subset of ODK's XLSForm that maps onto checklist items.

``survey`` sheet: ``type``, ``name``, ``label`` (or ``label::中文 (zh)`` …),
``hint`` (-> check points), ``relevant`` (-> ``when:``), ``required`` (read and
checked; every item is answered in SiteCheck), and the checklist's own columns
``basis`` (required: a form has no legal basis of its own), ``penalty``,
``criterion``, ``hazard_level``, ``rectification``, ``rectification_days`` and
``unit``.  ``choices`` sheet: ``list_name``, ``name``, ``label``.  ``settings``:
``form_title``, ``form_id``, ``version`` and the checklist's ``family``,
``applies_to``.

Types: ``begin group`` / ``end group`` make sections (a nested group is a
section of its own, titled "outer / inner", under both groups' conditions);
``select_one`` whose choices are 符合/不符合(/不适用) (yes/no/na, 是/否, 合格/不合格 …)
is a pass/fail item, with other choices a choice item; ``text`` a text item;
``integer``/``decimal`` a number item (needs ``unit``).  Skipped with a warning:
``note``, ``calculate`` and the metadata types (start, end, today, deviceid …).
Refused: repeats, ``select_multiple``, media, locations, dates, ``range``,
``rank`` and anything else (see docs/checklist-format.md).
"""
from __future__ import annotations

import re

from checklists.common.messages import Msg
from checklists.common.vocabulary import AnswerKind

from . import relevant
from .fields import Collector, did_you_mean, plain
from .workbook import Sheet, Workbook, place

SURVEY_COLUMNS = ("type", "name", "label", "hint", "relevant", "required", "basis", "penalty", "criterion",
                  "hazard_level", "rectification", "rectification_days", "unit")
IGNORED_COLUMNS = ("constraint", "constraint_message", "required_message", "appearance", "default",
                   "calculation", "choice_filter", "read_only", "repeat_count", "image", "audio", "video",
                   "guidance_hint", "trigger", "parameters", "note", "media")
LANGUAGE_PREFIXES = ("label::", "hint::", "guidance_hint::", "constraint_message::", "required_message::",
                     "media::", "image::", "audio::", "video::", "bind::", "body::", "instance::")
SKIPPED = ("note", "calculate", "start", "end", "today", "deviceid", "subscriberid", "simserial",
           "phonenumber", "username", "email", "audit", "hidden", "start-geopoint", "background-audio")
REFUSED = {
    "select_multiple": Msg("把每个选项拆成一道“符合/不符合”题"),
    "begin repeat": Msg("逐台设备的检查请用每台设备一张表；把重复组内的题目放进普通的组"),
    "end repeat": Msg("逐台设备的检查请用每台设备一张表；把重复组内的题目放进普通的组"),
    "image": Msg("照片可在任何检查项下添加，不需要单独的题目；删去这一行"),
    "audio": Msg("删去这一行；需要时在检查项的备注中说明"), "video": Msg("删去这一行；需要时在检查项的备注中说明"),
    "file": Msg("删去这一行"), "barcode": Msg("删去这一行；需要时改为 text 题"),
    "geopoint": Msg("删去这一行；检查地点记在检查本身"), "geotrace": Msg("删去这一行；检查地点记在检查本身"),
    "geoshape": Msg("删去这一行；检查地点记在检查本身"),
    "date": Msg("改为 text 题，或删去这一行"), "time": Msg("改为 text 题，或删去这一行"),
    "datetime": Msg("改为 text 题，或删去这一行"), "range": Msg("改为 integer 或 decimal 题（加 unit 列）"),
    "rank": Msg("删去这一行"), "acknowledge": Msg("改为 select_one 的“符合/不符合”题"),
    "trigger": Msg("删去这一行"), "select_one_from_file": Msg("把选项写进 choices 表"),
    "select_multiple_from_file": Msg("把每个选项拆成一道“符合/不符合”题"),
}
TYPES = ("begin group", "end group", "select_one", "text", "integer", "decimal", *SKIPPED, *REFUSED)
RESULT_WORDS = {
    "pass": ("yes", "y", "pass", "ok", "true", "compliant", "符合", "是", "合格", "有", "正常", "满足"),
    "fail": ("no", "n", "fail", "false", "noncompliant", "non_compliant", "not_compliant",
             "不符合", "否", "不合格", "无", "不正常", "不满足"),
    "na": ("na", "n/a", "n_a", "not_applicable", "notapplicable", "不适用", "无此项", "不涉及"),
}
REQUIRED_VALUES = ("", "yes", "no", "true", "false", "true()", "false()", "1", "0")
ITEM_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
SECTION_ID = re.compile(r"[a-z][a-z0-9_-]*")


def result_of(name: str, label: str) -> str | None:
    """pass / fail / na for a choice, by its name or else its label."""
    for text in (name, label):
        key = re.sub(r"\s", "", text).lower()
        for result, words in RESULT_WORDS.items():
            if key in words:
                return result
    return None


class _Table:
    """A sheet read as XLSForm reads it: the first non-empty row names the columns."""

    def __init__(self, sheet: Sheet, file: str) -> None:
        self.sheet, self.file = sheet, file
        self.header_row = next((n for n, row in enumerate(sheet.rows, 1) if any(plain(v) for v in row)), 0)
        header = sheet.rows[self.header_row - 1] if self.header_row else []
        self.columns = {plain(v).strip().lower(): n for n, v in enumerate(header, 1) if plain(v)}

    def column(self, *names: str) -> int | None:
        """The first of ``names`` present; a name ending in "::" matches a language column,
        Chinese first."""
        for name in names:
            if name.endswith("::"):
                found = [key for key in self.columns if key.startswith(name)]
                chinese = [key for key in found if re.search(r"zh|chinese|中文", key)]
                if chinese or found:
                    return self.columns[(chinese or found)[0]]
            elif name in self.columns:
                return self.columns[name]
        return None

    def rows(self):
        """(row number, {column index: value}) of every non-empty row below the header."""
        for number in range(self.header_row + 1, len(self.sheet.rows) + 1):
            row = self.sheet.rows[number - 1]
            if any(plain(v) for v in row):
                yield number, row

    def where(self, row: int | None = None, column: int | None = None) -> str:
        return place(self.file, self.sheet.name, row, column)


class XLSForm(Collector):
    def __init__(self, file: str, book: Workbook) -> None:
        super().__init__(file)
        self.book = book
        self.survey = _Table(book.sheet("survey"), file)
        self.prefix = "X"
        self.title: str | None = None
        self.origins: dict[str, str] = {}
        self.sections: list[dict] = []
        self.known: dict[str, tuple[str, dict[str, str] | None]] = {}     # name -> (item id, choice -> result)
        self.names = self._all_names()
        self.lists: dict[str, list[tuple[str, str, str]]] = {}

    def settings(self) -> dict[str, tuple[str, str]]:
        sheet = self.book.sheet("settings")
        if sheet is None:
            return {}
        table = _Table(sheet, self.file)
        out = {}
        for key, column in table.columns.items():
            value = plain(sheet.value(table.header_row + 1, column))
            if value:
                out[key] = (value, table.where(table.header_row + 1, column))
        if "form_title" in out:
            self.title = out["form_title"][0]
        return out

    def _all_names(self) -> dict[str, int]:
        column = self.survey.column("name")
        first: dict[str, int] = {}
        for number, row in self.survey.rows():
            if column and column <= len(row) and plain(row[column - 1]):
                first.setdefault(plain(row[column - 1]), number)
        return first

    # -- the sheets

    def convert(self) -> list[dict]:
        survey = self.survey
        if not survey.header_row or survey.column("type") is None:
            self.error(survey.where(), "survey 表没有 type 列", "第一行写列名：type、name、label、relevant、basis …")
            return []
        self._check_columns()
        if survey.column("basis") is None:
            self.error(survey.where(survey.header_row), "survey 表没有 basis 列（检查依据）",
                       "加一列 basis，逐题写上被违反的条款，例如《中华人民共和国特种设备安全法》第三十三条；"
                       "XLSForm 本身不含法律依据，程序也不会替你补上")
            return []
        self.lists = self._choices()
        stack: list[dict] = []
        for number, row in survey.rows():
            self._row(number, row, stack)
        for frame in stack:
            self.error(frame["where"], "组“{name}”没有 end group", "在组的最后一题之后加一行 end group",
                       name=frame["name"])
        return [{"id": s["id"], "title": s["title"], **({"when": s["when"]} if "when" in s else {}),
                 "items": s["items"]} for s in self.sections if s["items"]]

    def _check_columns(self) -> None:
        for name, column in self.survey.columns.items():
            where = self.survey.where(self.survey.header_row, column)
            if name in SURVEY_COLUMNS or name.startswith(LANGUAGE_PREFIXES):
                continue
            if name in IGNORED_COLUMNS:
                self.warn(where, "survey 表的“{name}”列不导入", "检查表不用这一项", name=name)
                continue
            hint = did_you_mean(name, SURVEY_COLUMNS, cutoff=0.7)
            if hint.template.startswith("是否"):
                self.error(where, "survey 表有未知的列名“{name}”", hint, name=name)
            else:
                self.warn(where, "survey 表的未知列“{name}”不导入", hint, name=name)

    def _choices(self) -> dict[str, list[tuple[str, str, str]]]:
        sheet = self.book.sheet("choices")
        lists: dict[str, list[tuple[str, str, str]]] = {}
        if sheet is None:
            return lists
        table = _Table(sheet, self.file)
        list_col, name_col = table.column("list_name", "list name"), table.column("name")
        label_col = table.column("label", "label::")
        if list_col is None or name_col is None:
            self.error(table.where(), "choices 表缺少 list_name 或 name 列", "第一行写列名：list_name、name、label")
            return lists
        for number, row in table.rows():
            list_name, name = plain(row[list_col - 1]), plain(row[name_col - 1])
            label = plain(row[label_col - 1]) if label_col else ""
            entries = lists.setdefault(list_name, [])
            if any(n == name for n, _, _ in entries):
                self.error(table.where(number, name_col), "选项表 {list} 中的选项“{name}”重复",
                           "每个选项的 name 只写一次", list=list_name, name=name)
            entries.append((name, label or name, table.where(number)))
        return lists

    # -- the rows

    def cell(self, row: list, *names: str) -> tuple[str, str]:
        """(text, place) of the first column of ``names`` in this row."""
        column = self.survey.column(*names)
        number = self._number
        if column is None or column > len(row):
            return "", self.survey.where(number)
        return plain(row[column - 1]), self.survey.where(number, column)

    def _row(self, number: int, row: list, stack: list[dict]) -> None:
        self._number = number
        kind, where = self.cell(row, "type")
        kind = re.sub(r"\s+", " ", kind.strip().lower()).replace("begin_", "begin ").replace("end_", "end ")
        kind = re.sub(r"^select (one|multiple)\b", r"select_\1", kind)      # "select one" is XLSForm too
        base, _, list_name = kind.partition(" ") if kind.startswith("select") else (kind, "", "")
        if kind == "begin group":
            stack.append(self._group(row, stack))
        elif kind == "end group":
            if not stack:
                self.error(where, "end group 前面没有对应的 begin group",
                           "删去这一行，或在组的第一题之前加 begin group")
            else:
                stack.pop()
        elif base in ("select_one", "text", "integer", "decimal"):
            self._question(row, base, list_name.strip(), stack)
        elif base in SKIPPED:
            if base in ("note", "calculate"):
                self.warn(self.survey.where(number), "已跳过 {type} 行（不是检查项）", "检查表只导入需要作答的题目",
                          type=base)
        elif base in REFUSED:
            self.error(where, "不支持题型 {type}", REFUSED[base], type=kind)
        else:
            self.error(where, "未知的题型“{type}”", did_you_mean(kind, TYPES), type=kind)

    def _group(self, row: list, stack: list[dict]) -> dict:
        name = self.cell(row, "name")[0]
        label = self.cell(row, "label", "label::")[0] or name
        condition, condition_where = self.cell(row, "relevant")
        when = self._when(condition, condition_where) if condition else None
        outer = stack[-1] if stack else None
        return {"name": name, "where": self.survey.where(self._number), "section": None,
                "title": f"{outer['title']} / {label}" if outer else label,
                "when": [*(outer["when"] if outer else []), *([when] if when else [])],
                "section_id": name.lower().replace("-", "_")}

    def _section(self, stack: list[dict]) -> dict:
        """The section the next item goes to: its group's, new after a nested group closed."""
        frame = stack[-1] if stack else None
        last = self.sections[-1] if self.sections else None
        if last is not None and last["frame"] is frame:
            return last
        section_id = frame["section_id"] if frame else ""
        if not SECTION_ID.fullmatch(section_id) or any(s["id"] == section_id for s in self.sections):
            section_id = f"s{len(self.sections) + 1:02d}"
        section = {"id": section_id, "title": frame["title"] if frame else None, "items": [], "frame": frame}
        if frame and frame["when"]:
            parts = frame["when"]
            section["when"] = parts[0] if len(parts) == 1 else " and ".join(
                f"({p})" if " or " in p else p for p in parts)
        self.sections.append(section)
        self.origins[section_id] = frame["where"] if frame else self.survey.where(self._number)
        return section

    def _question(self, row: list, qtype: str, list_name: str, stack: list[dict]) -> None:
        name, name_where = self.cell(row, "name")
        item_id = self._item_id(name, name_where)
        if item_id is None:
            return
        label, label_where = self.cell(row, "label", "label::")
        cells = {"question": (label_where, label), "check_points": self.cell(row, "hint", "hint::")[::-1]}
        for key in ("basis", "penalty", "criterion", "hazard_level", "rectification", "rectification_days"):
            text, where = self.cell(row, key)
            cells[key] = (where, text)
        required, where = self.cell(row, "required")
        if required.lower() not in REQUIRED_VALUES:
            self.error(where, "required 的值“{value}”无效", "写 yes 或 no（在 SiteCheck 中每一项都要作答）",
                       value=required)
        answer, mapping = self._answer(row, qtype, list_name)
        condition, condition_where = self.cell(row, "relevant")
        when = self._when(condition, condition_where) if condition else None
        item = self.item(item_id, cells)
        self.known[name] = (item_id, mapping)
        if item is None or answer is None or (condition and when is None):
            return
        if answer["kind"] != AnswerKind.PASS_FAIL:
            item["answer"] = answer
        if when:
            item["when"] = when
        self._section(stack)["items"].append(item)
        self.origins[item_id] = self.survey.where(self._number)

    def _item_id(self, name: str, where: str) -> str | None:
        if not name:
            self.error(where, "题目没有 name", "每道题写一个唯一的 name，例如 pv_registration")
            return None
        if self.names.get(name) != self._number:
            self.error(where, "name“{name}”重复（第一次在第 {first} 行）", "每道题的 name 要唯一",
                       name=name, first=self.names.get(name))
            return None
        upper = re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")
        item_id = name if ITEM_ID.fullmatch(name) else f"{self.prefix}-{upper}"     # PV-01 stays PV-01
        if not upper or not ITEM_ID.fullmatch(item_id):
            self.error(where, "name“{name}”不能转换为检查项 id",
                       "name 用英文字母、数字和下划线，例如 q1、pv_registration", name=name)
            return None
        if item_id in self.origins:
            self.error(where, "name“{name}”转换成的检查项 id {id} 与 {first} 的重复", "改用区别更明显的 name",
                       name=name, id=item_id, first=self.origins[item_id])
            return None
        return item_id

    def _answer(self, row: list, qtype: str, list_name: str) -> tuple[dict | None, dict[str, str] | None]:
        """The item's answer, and for a pass/fail item its choices' results."""
        if qtype == "text":
            return {"kind": str(AnswerKind.TEXT)}, None
        if qtype in ("integer", "decimal"):
            unit, where = self.cell(row, "unit")
            if not unit:
                self.error(where, "{type} 题没有 unit（计量单位）", "加一列 unit，写上单位，例如 MPa", type=qtype)
                return None, None
            return {"kind": str(AnswerKind.NUMBER), "unit": unit}, None
        choices = self.lists.get(list_name)
        if choices is None:
            where = self.cell(row, "type")[1]
            self.error(where, "选项表“{list}”在 choices 表中不存在", did_you_mean(list_name, self.lists),
                       list=list_name or "—")
            return None, None
        results = {name: result_of(name, label) for name, label, _ in choices}
        found = [r for r in results.values() if r]
        if None not in results.values() and {"pass", "fail"} <= set(found) and len(found) == len(set(found)):
            return {"kind": str(AnswerKind.PASS_FAIL)}, results
        labels = list(dict.fromkeys(label for _, label, _ in choices))
        return {"kind": str(AnswerKind.CHOICE), "choices": labels}, None

    def _when(self, text: str, where: str) -> str | None:
        translated = relevant.translate(text, self._resolve)
        if isinstance(translated, Msg):
            self.error(where, "relevant“{text}”无法转换：{problem}",
                       "只支持比较前面“符合/不符合”题的答案：${{q}} = 'no'、!=、selected()、and、or、not()；"
                       "其他条件请删去，检查时由检查人员判断是否适用", text=text, problem=translated)
            return None
        return translated

    def _resolve(self, name: str, value: str, position: int) -> tuple[str, str] | Msg:
        if name not in self.known:
            if name in self.names:
                return Msg("${{{name}}} 是后面的题目（第 {row} 行），条件只能引用前面的题", name=name,
                           row=self.names[name])
            return Msg("没有名为 {name} 的题目（{options}）", name=name, options=did_you_mean(name, self.known))
        item_id, mapping = self.known[name]
        if mapping is None:
            return Msg("${{{name}}} 不是“符合/不符合”题，条件只能比较这类题的答案", name=name)
        if value not in mapping:
            return Msg("${{{name}}} 的选项中没有“{value}”（{options}）", name=name, value=value,
                       options=did_you_mean(value, mapping))
        return item_id, mapping[value]
