"""What every importer does with a cell: text, hazard level, rectification, days,
check points, citations; and the collection of problems (``self.error`` /
``self.warn`` at a ``FILE:SHEET!CELL`` place)."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date, datetime, time

from checklists.common.errors import Problem
from checklists.common.messages import Listing, Msg, as_msg
from checklists.common.vocabulary import CitationRole, HazardLevel, Rectification

from . import citations
from .workbook import Value

HAZARD_WORDS = {
    HazardLevel.GENERAL: ("一般", "一般隐患", "一般事故隐患", "general"),
    HazardLevel.MAJOR: ("重大", "重大隐患", "重大事故隐患", "严重", "严重隐患", "严重事故隐患", "major"),
}
RECTIFICATION_WORDS = {
    Rectification.IMMEDIATE: ("立即整改", "立即", "当场整改", "当场纠正", "现场整改", "immediate"),
    Rectification.DEADLINE: ("限期整改", "限期", "deadline"),
    Rectification.STOP_USE: ("停止使用", "停用", "停止使用并整改", "stop_use"),
}
_DAYS = re.compile(r"(\d{1,4})\s*(?:天|日|个自然日|days?)?")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}(?:[.．](?!\d)|[、)）])|[(（]\d{1,3}[)）]|[(（][一二三四五六七八九十]+[)）]"
                        r"|[一二三四五六七八九十]+、|[①-⑳]|[-•·])\s*")
_GB45067 = re.compile(r"4\.([1-9]|10) [a-z]\)")


def did_you_mean(value: str, options: Iterable[str], cutoff: float = 0.5) -> Msg:
    options = list(dict.fromkeys(options))
    close = difflib.get_close_matches(value, options, n=1, cutoff=cutoff)
    if close:
        return Msg("是否应为“{close}”？（可用：{options}）", close=close[0], options=Listing(options))
    return Msg("可用：{options}", options=Listing(options))


def plain(value: Value) -> str:
    """A cell as text: numbers without a needless ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


class Collector:
    """Problems found in one file, each at its place."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, where: str, message: str, hint: str = "", **params) -> None:
        self.problems.append(Problem(where, 0, as_msg(message, params), as_msg(hint, params)))

    def warn(self, where: str, message: str, hint: str = "", **params) -> None:
        self.problems.append(Problem(where, 0, as_msg(message, params), as_msg(hint, params), warning=True))

    @property
    def errors(self) -> int:
        return sum(not p.warning for p in self.problems)

    # -- the fields of an item

    def hazard_level(self, where: str, text: str) -> HazardLevel | None:
        return self._word(where, text, HAZARD_WORDS, Msg("隐患级别"), HazardLevel.GENERAL)

    def rectification(self, where: str, text: str) -> Rectification | None:
        return self._word(where, text, RECTIFICATION_WORDS, Msg("整改方式"), Rectification.DEADLINE)

    def _word(self, where: str, text: str, words: dict, what: Msg, default):
        if not text:
            return default
        key = re.sub(r"\s", "", text).lower()
        for member, spellings in words.items():
            if key in spellings:
                return member
        options = [spelling for spellings in words.values() for spelling in spellings[:1]]
        self.error(where, "{what}“{value}”无法识别", did_you_mean(key, options), what=what, value=text)
        return None

    def days(self, where: str, value: Value) -> int | None:
        """Calendar days 1-365 from ``15``, ``15天``, ``15日``."""
        text = plain(value)
        m = _DAYS.fullmatch(text)
        if "工作日" in text:
            self.error(where, "整改期限“{value}”是工作日", "整改期限按自然日写，例如 15 或 15天", value=text)
        elif not m:
            self.error(where, "整改期限“{value}”不是天数", "写整数天数，例如 15 或 15天；立即整改不写期限", value=text)
        elif not 1 <= int(m.group(1)) <= 365:
            self.error(where, "整改期限 {days} 天超出 1–365", "写 1 到 365 之间的天数（常用 15 或 30）",
                       days=int(m.group(1)))
        else:
            return int(m.group(1))
        return None

    def check_points(self, text: str) -> list[str]:
        """One check point a line (a single line is split at ；), numbering removed."""
        lines = text.split("\n") if "\n" in text else re.split(r"[；;]", text)
        points = [_NUMBERING.sub("", line).strip().rstrip("；;") for line in lines]
        return [p for p in points if p]

    def citations(self, where: str, text: str, role: CitationRole | None = None) -> list[dict]:
        parsed = citations.parse(text, str(role) if role else None)
        if parsed.error is not None:
            self.error(where, "依据无法读取：{problem}", "按“《法规名称》第N条第（N）项”书写，多条用“、”或“；”分隔，"
                       "例如《中华人民共和国安全生产法》第二十一条第（一）项", problem=parsed.error)
            return []
        if parsed.quoted:
            self.warn(where, "依据中条款后的条文原文未导入", "只导入法规名称和条款号；条文以法规原文为准")
        for citation in parsed.citations:
            if "TSG" in citation["instrument"].upper():
                self.error(where, "TSG 安全技术规范不能作为依据引用（条款号未核实）：《{name}》",
                           "把它写进检查要点，例如“按TSG T7001-2023要求……”", name=citation["instrument"])
                return []
        return parsed.citations

    def gb45067(self, criteria: list[dict]) -> str | None:
        """The GB 45067-2024 clause among the criteria cited, if one is."""
        for citation in criteria:
            if "45067" in citation["instrument"] and _GB45067.fullmatch(citation["article"]):
                return citation["article"]
        return None

    def item(self, item_id: str, cells: dict[str, tuple[str, Value]]) -> dict | None:
        """An item's YAML mapping from its cells (field -> (place, value)); None when a
        required field is missing (reported)."""
        def text(key: str) -> str:
            return plain(cells[key][1]) if key in cells else ""

        def where(key: str) -> str:
            return cells[key][0] if key in cells else cells["question"][0]

        errors = self.errors
        item: dict = {"id": item_id, "question": text("question")}
        if not item["question"]:
            self.error(where("question"), "检查项 {id} 没有检查内容", "写出检查的问题，例如“是否办理使用登记？”",
                       id=item_id)
        if points := self.check_points(text("check_points")):
            item["check_points"] = points
        basis = self.citations(where("basis"), text("basis")) if text("basis") else []
        criteria = self.citations(where("criterion"), text("criterion"), CitationRole.CRITERION) \
            if text("criterion") else []
        if not text("basis"):
            self.error(where("basis"), "检查项 {id} 没有检查依据", "写上被违反的法律、法规条款，例如《中华人民共和国"
                       "安全生产法》第二十一条；程序不会替你补上依据", id=item_id)
        elif basis or criteria:
            item["basis"] = basis + criteria
        if text("penalty") and (penalty := self.citations(where("penalty"), text("penalty"))):
            item["penalty"] = penalty
        self._level(item, cells, criteria, where)
        self._rectification(item, cells, where)
        return None if self.errors > errors else item

    def _level(self, item: dict, cells: dict, criteria: list[dict], where) -> None:
        level = self.hazard_level(where("hazard_level"), plain(cells.get("hazard_level", ("", None))[1]))
        if level is HazardLevel.MAJOR:
            item["hazard_level"] = str(level)
            if clause := self.gb45067(criteria):
                item["gb45067"] = clause
        elif criteria and level is HazardLevel.GENERAL:
            self.error(where("criterion"), "检查项 {id} 写了判定依据，但隐患级别不是重大",
                       "判定依据是判定重大隐患的依据：把隐患级别写为“重大”，或删去判定依据", id=item["id"])

    def _rectification(self, item: dict, cells: dict, where) -> None:
        mode_text = plain(cells.get("rectification", ("", None))[1])
        days_text = plain(cells.get("rectification_days", ("", None))[1])
        if not mode_text and re.sub(r"\s", "", days_text) in RECTIFICATION_WORDS[Rectification.IMMEDIATE]:
            mode_text, days_text = days_text, ""
        mode = self.rectification(where("rectification"), mode_text)
        if mode is not None and mode is not Rectification.DEADLINE:
            item["rectification"] = str(mode)
        if not days_text:
            return
        if mode is Rectification.IMMEDIATE:
            self.error(where("rectification_days"), "检查项 {id} 立即整改，却写了整改期限“{value}”",
                       "立即整改不设期限：删去期限，或把整改方式改为限期整改", id=item["id"], value=days_text)
        elif (days := self.days(where("rectification_days"), cells["rectification_days"][1])) is not None:
            item["rectification_days"] = days
