"""Checklist YAML -> frozen :mod:`checklists.model` objects, in three stages.

1. read: refuse oversize or non-UTF-8 input, compose YAML into nodes that keep
   their line numbers (aliases are reported, never expanded);
2. check: walk the nodes against the format (docs/checklist-format.md) and
   collect *every* problem, each as ``file:line: what is wrong; what to do``;
3. build: only when there is no error, make the immutable objects and the
   version hash of their content.

Warnings (``Problem.warning``) never block loading.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checklists import builtin_dir
from checklists.common.errors import ChecklistInvalid, Problem
from checklists.common.messages import Listing, Msg, as_msg
from checklists.common.vocabulary import (
    DEFAULT_RECTIFICATION_DAYS,
    AnswerKind,
    CitationRole,
    EquipmentKind,
    Family,
    HazardLevel,
    Rectification,
    Sector,
)
from checklists.hashing import content_hash
from checklists.model import AnswerSpec, Checklist, Citation, Item, Section
from checklists.whencheck import ConditionChecks

MAX_BYTES = 2 * 1024 * 1024
GENERAL = "general"  # applies_to value for a general (work-safety) checklist

CHECKLIST_ID = re.compile(r"[a-z][a-z0-9-]{1,63}")
SECTION_ID = re.compile(r"[a-z][a-z0-9_-]*")
ITEM_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
# Characters no checklist text may hold (as storage.validate refuses them in typed
# text; tabs and line breaks are allowed: block scalars have them).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
GB45067 = re.compile(r"4\.([1-9]|10) [a-z]\)")
_CN = "[一二三四五六七八九十百零〇]+"
ARTICLE = re.compile(rf"第{_CN}条(之{_CN})?(第{_CN}款)?(第（{_CN}）项)?")
CLAUSE = re.compile(r"\d+(\.\d+)*( [a-z]\))?")

# key -> required
CHECKLIST_KEYS = {"id": True, "version": True, "title": True, "title_en": False,
                  "family": True, "applies_to": True, "description": False, "sections": True,
                  "sectors": False}
SECTION_KEYS = {"id": True, "title": True, "items": True, "per_equipment": False,
                "attributes": False, "when": False}
ITEM_KEYS = {"id": True, "question": True, "check_points": False, "basis": True,
             "penalty": False, "hazard_level": False, "gb45067": False,
             "rectification": False, "rectification_days": False, "answer": False,
             "sectors": False, "major_in": False, "when": False}
CITATION_KEYS = {"instrument": True, "article": True, "role": False}
ANSWER_KEYS = {"kind": True, "unit": False, "min": False, "max": False, "choices": False}

# GB 45067 chapter 4 clause -> equipment kinds it is about (4.1 applies to all)
GB45067_KINDS = {
    2: {EquipmentKind.BOILER}, 3: {EquipmentKind.PRESSURE_VESSEL},
    4: {EquipmentKind.PRESSURE_PIPING},
    5: {EquipmentKind.GAS_CYLINDER, EquipmentKind.PRESSURE_VESSEL},
    6: {EquipmentKind.ELEVATOR}, 7: {EquipmentKind.LIFTING}, 8: {EquipmentKind.ROPEWAY},
    9: {EquipmentKind.AMUSEMENT}, 10: {EquipmentKind.VEHICLE},
}

_TAG = "tag:yaml.org,2002:"
_KIND_NAMES = {"str": Msg("文字"), "int": Msg("整数"), "float": Msg("小数"), "bool": Msg("布尔值"),
               "null": Msg("空值"), "timestamp": Msg("日期")}


# ---------------------------------------------------------------- public API

def check_text(data: str | bytes, name: str = "<text>") -> tuple[Checklist | None, list[Problem]]:
    """Check checklist YAML given as text or bytes; the checklist is None if there is an error."""
    text, problems = _decode(data, name)
    if text is None:
        return None, problems
    root, problems = _compose(text, name)
    if root is None:
        return None, problems
    checker = _Checker(name)
    checklist = checker.checklist(root)
    problems = sorted(problems + checker.problems, key=lambda p: p.line)
    if any(not p.warning for p in problems):
        return None, problems
    return checklist, problems


def check_file(path: str | Path) -> tuple[Checklist | None, list[Problem]]:
    """Check a checklist file; a missing or unreadable file is a problem, not an exception."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            return None, [Problem(name, 0, Msg("这是一个文件夹，不是检查表文件"), Msg("请给出 .yaml 文件的路径"))]
        if path.stat().st_size > MAX_BYTES:
            return None, [_too_big(name, path.stat().st_size)]
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, [Problem(name, 0, Msg("文件不存在"), Msg("检查路径和文件名是否写对"))]
    except OSError as err:
        return None, [Problem(name, 0, Msg("无法读取文件：{reason}", reason=err.strerror or err),
                              Msg("检查文件权限，或文件是否被其他程序占用"))]
    return check_text(data, name)


def load_text(data: str | bytes, name: str = "<text>") -> Checklist:
    """Like :func:`check_text` but raises :class:`ChecklistInvalid` on any error."""
    checklist, problems = check_text(data, name)
    if checklist is None:
        raise ChecklistInvalid(problems)
    return checklist


def load_file(path: str | Path) -> Checklist:
    """Like :func:`check_file` but raises :class:`ChecklistInvalid` on any error."""
    checklist, problems = check_file(path)
    if checklist is None:
        raise ChecklistInvalid(problems)
    return checklist




def builtin_files() -> list[Path]:
    return sorted(builtin_dir().glob("*.yaml"), key=lambda p: p.name)


def load_builtin() -> list[Checklist]:
    """Every built-in checklist, by file name; raises ChecklistInvalid if any is broken."""
    checklists: list[Checklist] = []
    problems: list[Problem] = []
    for path in builtin_files():
        checklist, found = check_file(path)
        problems += found
        if checklist is not None:
            checklists.append(checklist)
    problems += duplicate_ids(checklists)
    if any(not p.warning for p in problems):
        raise ChecklistInvalid(problems)
    return checklists


def duplicate_ids(checklists: Iterable[Checklist]) -> list[Problem]:
    """One problem for each checklist whose id an earlier one already uses."""
    first: dict[str, Checklist] = {}
    problems = []
    for checklist in checklists:
        if checklist.id in first:
            problems.append(Problem(
                checklist.source, 0, Msg("检查表 id {id} 已被 {other} 使用", id=checklist.id,
                                         other=first[checklist.id].source),
                Msg("每个检查表的 id 必须唯一；改用新的 id，或删去其中一个文件")))
        else:
            first[checklist.id] = checklist
    return problems


# The kinds of enterprise as a hint lists them: trade（工贸企业）…
SECTOR_OPTIONS = Listing(Msg("{code}（{label}）", code=m.value, label=m) for m in Sector)

# ---------------------------------------------------------------- stage 1: read

def _too_big(name: str, size: int) -> Problem:
    return Problem(name, 0, Msg("文件太大（{size} 字节，上限 {limit} 字节即 2 MB），未读取",
                                size=size, limit=MAX_BYTES),
                   Msg("检查是否选错了文件；过大的检查表请拆分成几个文件"))


def _decode(data: str | bytes, name: str) -> tuple[str | None, list[Problem]]:
    if isinstance(data, str):
        if len(data) > MAX_BYTES or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return None, [_too_big(name, len(data.encode("utf-8", "surrogatepass")))]
        return data, []
    if len(data) > MAX_BYTES:
        return None, [_too_big(name, len(data))]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        return None, [_not_utf8(name, data, err.start)]


def _not_utf8(name: str, data: bytes, offset: int) -> Problem:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    guess: str = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = Msg("，看起来是 UTF-16 编码")
    elif _decodes(data, "gb18030"):
        guess = Msg("，看起来是 GBK/GB18030 编码")
    return Problem(name, line, Msg("文件不是 UTF-8 编码（第 {line} 行第 {column} 列，"
                                   "字节偏移 {offset} 处的字节 0x{byte:02X}）{guess}",
                                   line=line, column=column, offset=offset, byte=data[offset],
                                   guess=guess),
                   Msg("请在编辑器中用“另存为”选择 UTF-8 编码保存"))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _NodeLoader(yaml.SafeLoader):
    """Composes nodes only. An alias is recorded and replaced by null, never expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases: list[tuple[str, yaml.Mark]] = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.aliases.append((event.anchor, event.start_mark))
            return ScalarNode(_TAG + "null", "", event.start_mark, event.end_mark)
        self.anchors.clear()  # anchors are never looked up, so never kept
        return super().compose_node(parent, index)


def _compose(text: str, name: str) -> tuple[Node | None, list[Problem]]:
    loader = None
    try:
        loader = _NodeLoader(text)
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(name, err)]
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        return None, [Problem(name, line, Msg("文件含有不允许的字符 U+{char:04X}（字符位置 {position}）",
                                              char=err.character, position=err.position),
                              Msg("删除这个控制字符（常见于从网页或文档复制的文字）"))]
    except yaml.YAMLError as err:
        return None, [Problem(name, 0, Msg("YAML 无法解析：{error}", error=err), Msg("检查文件是否为 YAML 文本"))]
    except RecursionError:
        return None, [Problem(name, 0, Msg("YAML 嵌套层数过深，无法读取"),
                              Msg("检查表只需要几层缩进；检查是否有成串的 [ 或 {"))]
    finally:
        if loader is not None:
            loader.dispose()
    problems = [Problem(name, mark.line + 1, Msg("不允许使用别名 *{anchor}", anchor=anchor),
                        Msg("检查表不使用锚点和别名（& 与 *）；请把内容直接写出来"))
                for anchor, mark in loader.aliases]
    if root is None or _is_null(root):
        root = None
        problems.append(Problem(
            name, 0, Msg("文件是空的（没有任何内容）"),
            Msg("按 docs/checklist-format.md 写入 id、version、title、family、applies_to 与 sections")))
    return root, problems


_SYNTAX_HINTS = (
    ("'\\t'", Msg("YAML 不允许用 Tab 缩进；请改用空格")),
    ("mapping values are not allowed", Msg("值里含有“: ”时请给整个值加引号，或检查这一行的缩进")),
    ("expected a single document", Msg("一个文件只写一个检查表；删去第二个 ---")),
    ("could not find expected ':'", Msg("检查上一行是否缺少“: ”，或引号没有成对")),
    ("found unexpected end of stream", Msg("检查引号或括号是否成对")),
)


def _syntax_problem(name: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 0
    message = Msg("YAML 语法错误：{problem}", problem=err.problem or err.context)
    if err.context and err.context_mark and err.context_mark.line + 1 != line:
        message = Msg("YAML 语法错误：{problem}（{context}，见第 {line} 行）",
                      problem=err.problem or err.context, context=err.context,
                      line=err.context_mark.line + 1)
    hint = next((h for key, h in _SYNTAX_HINTS if key in message),
                Msg("检查这一行及上一行的缩进（只用空格）和引号；以 * & ! [ { 开头或含“: ”的值需要加引号"))
    return Problem(name, line, message, hint)


# ---------------------------------------------------------------- stage 2+3: check and build

def _line(node: Node | int | None) -> int:
    if isinstance(node, int):
        return node
    return node.start_mark.line + 1 if node is not None else 0


def _kind(node: Node) -> Msg:
    if isinstance(node, SequenceNode):
        return Msg("列表")
    if isinstance(node, MappingNode):
        return Msg("映射")
    return _KIND_NAMES.get(node.tag.removeprefix(_TAG)) or Msg("带标签 {tag} 的值", tag=node.tag)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "null"


def _is_str(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "str"


def _did_you_mean(value: str, options: Iterable[str]) -> Msg:
    options = list(options)
    listed = Listing(options)
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.lower() == value.lower()]
    if close:
        return Msg("是否应为“{close}”？（可用：{options}）", close=close[0], options=listed)
    return Msg("可用：{options}", options=listed)


def _peek_id(node: Node) -> str | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if _is_str(key) and key.value == "id" and _is_str(value) and value.value.strip():
                return value.value.strip()
    return None


class _Checker(ConditionChecks):
    """Walks composed nodes, records problems, builds objects (meaningful only without errors)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._numbers = SafeConstructor()
        self.init_conditions()
        self.declared: dict = {}      # (equipment kind, attribute id) -> node

    def error(self, node: Node | int | None, message: str, hint: str = "", **params) -> None:
        """An error at ``node``: message and hint are templates sharing ``params``."""
        self.problems.append(Problem(self.file, _line(node), as_msg(message, params),
                                     as_msg(hint, params)))

    def warn(self, node: Node | int | None, message: str, hint: str = "", **params) -> None:
        self.problems.append(Problem(self.file, _line(node), as_msg(message, params),
                                     as_msg(hint, params), warning=True))

    # -- generic readers

    def fields(self, node: Node, what: str, spec: dict[str, bool]) -> dict[str, Node] | None:
        """Key -> value node of a mapping (nulls dropped); reports duplicate, unknown, missing keys."""
        if not isinstance(node, MappingNode):
            self.error(node, "{what}应是“键: 值”形式的映射，实际是{kind}",
                       "检查缩进；每个键后写英文冒号和空格，再写值", what=what, kind=_kind(node))
            return None
        found: dict[str, Node] = {}
        key_nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not _is_str(key_node):
                self.error(key_node, "{what}：键 {key!r} 不是文字（是{kind}）", "键只能是 {keys} 之一",
                           what=what, key=getattr(key_node, 'value', ''), kind=_kind(key_node),
                           keys=Listing(spec))
                continue
            key = key_node.value
            if key in key_nodes:
                self.error(key_node, "{what}：键“{key}”重复（第一次在第 {first} 行）", "删去其中一个",
                           what=what, key=key, first=_line(key_nodes[key]))
                continue
            key_nodes[key] = key_node
            if key not in spec:
                self.error(key_node, "{what}：未知的键“{key}”", _did_you_mean(key, spec), what=what, key=key)
            elif not _is_null(value_node):
                found[key] = value_node
        for key, required in spec.items():
            if required and key not in found:
                if key in key_nodes:
                    self.error(key_nodes[key], "{what}：键“{key}”没有值", "在“{key}:”后写上值",
                               what=what, key=key)
                else:
                    self.error(node, "{what}：缺少必填的键“{key}”", "添加“{key}: …”（见 docs/checklist-format.md）",
                               what=what, key=key)
        return found

    def text(self, fields: dict[str, Node], key: str, what: str) -> str | None:
        node = fields.get(key)
        if node is None:
            return None
        if not _is_str(node):
            hint = (Msg("给值加上引号，例如 {key}: \"{value}\"", key=key, value=node.value)
                    if isinstance(node, ScalarNode) else Msg("这里只写一行文字"))
            self.error(node, "{what}：{key} 应是文字，实际是{kind}", hint, what=what, key=key, kind=_kind(node))
            return None
        value = node.value.strip()
        if not value:
            self.error(node, "{what}：{key} 不能为空", "在“{key}:”后写上内容，或删去这一行", what=what, key=key)
            return None
        return self._visible(node, value, Msg("{what}：{key}", what=what, key=key))

    def pattern(self, fields: dict[str, Node], key: str, what: str, regex: re.Pattern, hint: str) -> str | None:
        value = self.text(fields, key, what)
        if value is not None and not regex.fullmatch(value):
            if regex is ITEM_ID and ITEM_ID.fullmatch(value.upper()):
                hint = Msg("是否应为“{upper}”？{then}", upper=value.upper(), then=Msg(hint))
            self.error(fields[key], "{what}：{key}“{value}”格式不对", hint, what=what, key=key, value=value)
            return None
        return value

    def enum(self, fields: dict[str, Node], key: str, what: str, enum: type, default=None):
        """The enum member, ``default`` when absent, None when invalid (reported)."""
        if key not in fields:
            return default
        value = self.text(fields, key, what)
        if value is None:
            return None
        options = [m.value for m in enum] + ([GENERAL] if enum is EquipmentKind else [])
        if value not in options:
            self.error(fields[key], "{what}：{key} 的值“{value}”无效", _did_you_mean(value, options),
                       what=what, key=key, value=value)
            return None
        return None if value == GENERAL and enum is EquipmentKind else enum(value)

    def sequence(self, node: Node, what: str, key: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, "{what}：{key} 应是列表，实际是{kind}", "列表的每一项单独一行，以“- ”开头",
                       what=what, key=key, kind=_kind(node))
            return None
        return node.value

    def strings(self, fields: dict[str, Node], key: str, what: str) -> list[tuple[str, Node]] | None:
        node = fields.get(key)
        if node is None:
            return None
        elements = self.sequence(node, what, key)
        if elements is None:
            return None
        out = []
        for index, element in enumerate(elements, 1):
            if _is_str(element) and element.value.strip():
                text = self._visible(element, element.value.strip(),
                                     Msg("{what}：{key} 的第 {index} 项", what=what, key=key, index=index))
                if text is not None:
                    out.append((text, element))
            else:
                kind = Msg("空的") if _is_null(element) or _is_str(element) else _kind(element)
                self.error(element, "{what}：{key} 的第 {index} 项应是文字，实际是{kind}",
                           "写上文字（数字、日期请加引号），或删去这一项",
                           what=what, key=key, index=index, kind=kind)
        return out

    def _visible(self, node: Node, value: str, where: str) -> str | None:
        """The text, or None (reported) when it holds a control character, e.g.
        written as an escape ("\\x07") in a quoted string."""
        bad = _INVISIBLE.search(value)
        if bad is None:
            return value
        self.error(node, "{where} 含有不可见的控制字符 U+{char:04X}（第 {position} 个字）",
                   "删除这个字符（常见于从网页或文档复制的文字，或引号内的 \\x 转义）",
                   where=where, char=ord(bad.group()), position=bad.start() + 1)
        return None

    def integer(self, fields: dict[str, Node], key: str, what: str) -> int | None:
        node = fields.get(key)
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag == _TAG + "int":
            try:
                return self._numbers.construct_yaml_int(node)
            except ValueError:
                pass
        self.error(node, "{what}：{key} 应是整数，实际是{kind}“{value}”", "写成不带引号的整数，例如 {key}: 15",
                   what=what, key=key, kind=_kind(node), value=getattr(node, 'value', ''))
        return None

    def number(self, fields: dict[str, Node], key: str, what: str) -> float | None:
        node = fields.get(key)
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag in (_TAG + "int", _TAG + "float"):
            try:
                value = float(self._numbers.construct_object(node))
            except (ValueError, OverflowError):
                value = math.nan
            if math.isfinite(value):
                return value
        self.error(node, "{what}：{key} 应是有限的数值，实际是{kind}“{value}”", "写成不带引号的数值，例如 {key}: 0.5",
                   what=what, key=key, kind=_kind(node), value=getattr(node, 'value', ''))
        return None

    # -- the format

    def checklist(self, root: Node) -> Checklist | None:
        what = Msg("检查表")
        fields = self.fields(root, what, CHECKLIST_KEYS)
        if fields is None:
            return None
        checklist_id = self.pattern(fields, "id", what, CHECKLIST_ID,
                                    Msg("只用小写字母、数字和连字符，以字母开头，2–64 个字符，例如 elevator-user"))
        version = self.text(fields, "version", what)
        applies_to = self.enum(fields, "applies_to", what, EquipmentKind)
        sections = self.sections(fields)
        checklist = Checklist(
            id=checklist_id, version=version, title=self.text(fields, "title", what),
            title_en=self.text(fields, "title_en", what),
            family=self.enum(fields, "family", what, Family), applies_to=applies_to,
            description=self.text(fields, "description", what), sections=tuple(sections),
            hash="", source=self.file, sectors=self.sectors(fields, "sectors", what))
        known = "applies_to" in fields and (applies_to is not None or fields["applies_to"].value == GENERAL)
        self.check_whole(checklist, known)
        return dataclasses.replace(checklist, hash=content_hash(checklist))

    def sections(self, fields: dict[str, Node]) -> list[Section]:
        elements = self.sequence(fields["sections"], Msg("检查表"), "sections") if "sections" in fields else None
        if elements is None:
            return []
        if not elements:
            self.error(fields["sections"], "检查表：sections 是空列表", "至少写一个章节（id、title、items）")
        section_ids: dict[str, Node] = {}
        item_ids: dict[str, Node] = {}
        sections = []
        for index, node in enumerate(elements, 1):
            section = self.section(node, index, section_ids, item_ids)
            if section is not None:
                sections.append(section)
        return sections

    def unique(self, seen: dict[str, Node], value: str | None, node: Node, what: str) -> None:
        if value is None:
            return
        if value in seen:
            self.error(node, "{what}“{value}”重复（第一次在第 {first} 行）",
                       "每个 id 在检查表内必须唯一；改用新的 id（已发布的 id 不要重新编号）",
                       what=what, value=value, first=_line(seen[value]))
        else:
            seen[value] = node

    def section(self, node: Node, index: int, section_ids: dict, item_ids: dict) -> Section | None:
        peeked = _peek_id(node)
        what = Msg("章节 {id}", id=peeked) if peeked else Msg("章节 （第 {index} 个）", index=index)
        fields = self.fields(node, what, SECTION_KEYS)
        if fields is None:
            return None
        section_id = self.pattern(fields, "id", what, SECTION_ID,
                                  Msg("只用小写字母、数字、下划线和连字符，以字母开头，例如 registration"))
        self.unique(section_ids, section_id, fields.get("id"), Msg("章节 id "))
        title = self.text(fields, "title", what)
        kind = self.per_equipment(fields, what)
        attributes = self.attributes(fields, what, kind, self.declared)
        when = self.when(fields, what, kind, section_id)
        items = []
        elements = self.sequence(fields["items"], what, "items") if "items" in fields else None
        if elements == []:
            self.error(fields["items"], "{what}：items 是空列表", "至少写一个检查项，或删去这个章节", what=what)
        for item_index, item_node in enumerate(elements or [], 1):
            item = self.item(item_node, Msg("{what} 的第 {index} 个检查项", what=what, index=item_index),
                             section_id, item_ids, kind)
            if item is not None:
                items.append(item)
        return Section(id=section_id, title=title, items=tuple(items), per_equipment=kind,
                       attributes=attributes, when=when)

    def item(self, node: Node, fallback: str, section_id: str | None, item_ids: dict,
             kind: EquipmentKind | None = None) -> Item | None:
        peeked = _peek_id(node)
        what = Msg("检查项 {id}", id=peeked) if peeked else fallback
        fields = self.fields(node, what, ITEM_KEYS)
        if fields is None:
            return None
        item_id = self.pattern(fields, "id", what, ITEM_ID,
                               Msg("用大写字母和数字，以连字符分段，例如 EL-01、GEN-03-2"))
        self.unique(item_ids, item_id, fields.get("id"), Msg("检查项 id "))
        check_points = self.strings(fields, "check_points", what)
        if "check_points" not in fields or check_points == []:
            self.warn(node, "{what}：没有 check_points", "列出现场要看的证件、记录和部位，便于逐项核对", what=what)
        hazard = self.enum(fields, "hazard_level", what, HazardLevel, HazardLevel.GENERAL)
        rectification = self.enum(fields, "rectification", what, Rectification, Rectification.DEADLINE)
        basis = self.citations(fields, "basis", what, required=True)
        penalty = self.citations(fields, "penalty", what)
        self.roles(fields, what, basis, penalty, hazard)
        return Item(
            id=item_id, question=self.text(fields, "question", what),
            check_points=tuple(text for text, _ in check_points or ()),
            basis=basis, penalty=penalty,
            hazard_level=hazard, gb45067=self.gb45067(fields, what, hazard),
            rectification=rectification,
            rectification_days=self.days(fields, what, rectification),
            answer=self.answer(fields, what), section_id=section_id, line=_line(node),
            sectors=self.sectors(fields, "sectors", what), major_in=self.major_in(fields, what, hazard),
            when=self.when(fields, what, kind, section_id, item_id))

    def sectors(self, fields: dict[str, Node], key: str, what: str) -> tuple[Sector, ...]:
        """A list of kinds of enterprise (``trade``, ``hazchem``, ``other``); () when absent."""
        out: list[Sector] = []
        for value, node in self.strings(fields, key, what) or ():
            if value not in tuple(Sector):
                self.error(node, "{what}：{key} 中的“{value}”不是企业类别", "可选：{options}",
                           what=what, key=key, value=value, options=SECTOR_OPTIONS)
            elif Sector(value) in out:
                self.error(node, "{what}：{key} 中的“{value}”重复", "每个类别只写一次",
                           what=what, key=key, value=value)
            else:
                out.append(Sector(value))
        return tuple(out)

    def major_in(self, fields: dict[str, Node], what: str, hazard: HazardLevel | None) -> tuple[Sector, ...]:
        found = self.sectors(fields, "major_in", what)
        if "major_in" in fields and hazard != HazardLevel.MAJOR:
            self.error(fields["major_in"], "{what}：major_in 只用于重大隐患",
                       "加上 hazard_level: major，或删去 major_in", what=what)
        elif "major_in" in fields and not found and fields["major_in"].value == []:
            self.error(fields["major_in"], "{what}：major_in 是空列表",
                       "写出判定为重大隐患的企业类别（如 trade），或删去 major_in（对所有企业均为重大）", what=what)
        return found

    def roles(self, fields: dict[str, Node], what: str, basis: tuple, penalty: tuple,
              hazard: HazardLevel | None) -> None:
        """A criterion (判定标准) is cited in ``basis`` only, for a major item, beside at
        least one obligation: it grounds the level, it is not the rule broken."""
        criteria = [c for c in basis if c.role == CitationRole.CRITERION]
        if any(c.role == CitationRole.CRITERION for c in penalty):
            self.error(fields["penalty"], "{what}：penalty 中不能有 role: criterion 的引用",
                       "判定标准只写在 basis 中，作为判定重大隐患的依据", what=what)
        if criteria and hazard is HazardLevel.GENERAL:
            self.error(fields["basis"], "{what}：有 role: criterion 的引用，但 hazard_level 不是 major",
                       "判定标准是判定重大隐患的依据：写上 hazard_level: major，或删去该引用", what=what)
        if basis and len(criteria) == len(basis):
            self.error(fields["basis"], "{what}：basis 只有判定标准（role: criterion），没有被违反的义务条款",
                       "加上被违反的法律、法规或规章条款（不写 role 即为义务条款）", what=what)

    def citations(self, fields: dict[str, Node], key: str, what: str, required: bool = False) -> tuple:
        elements = self.sequence(fields[key], what, key) if key in fields else None
        if elements == [] and required:
            self.error(fields[key], "{what}：{key} 至少要有一条引用", "写上 instrument（法规名称）和 article（条款）",
                       what=what, key=key)
        citations = []
        for index, node in enumerate(elements or [], 1):
            citation = self.citation(node, Msg("{what} 的 {key} 第 {index} 条", what=what, key=key, index=index))
            if citation is not None:
                citations.append(citation)
        return tuple(citations)

    def citation(self, node: Node, what: str) -> Citation | None:
        fields = self.fields(node, what, CITATION_KEYS)
        if fields is None:
            return None
        instrument = self.text(fields, "instrument", what)
        article = self.text(fields, "article", what)
        if instrument and ("《" in instrument or "》" in instrument):
            self.error(fields["instrument"], "{what}：instrument 不要带书名号《》",
                       "写成 instrument: {name}，打印时会自动加上《》", what=what, name=instrument.strip('《》'))
            instrument = None
        elif instrument and "TSG" in instrument.upper():
            self.error(fields["instrument"], "{what}：TSG 安全技术规范不能作为 basis/penalty 引用（条款号未核实）",
                       "在 check_points 中按名称提及，例如“按TSG T7001-2023要求……”", what=what)
        if article and not (ARTICLE.fullmatch(article) or CLAUSE.fullmatch(article)):
            self.warn(fields["article"], "{what}：article“{article}”不是常见的条款写法",
                      "按原文写，例如 第三十三条、第八十三条第（一）项（全角括号）或标准条款 4.6 b)",
                      what=what, article=article)
        role = self.enum(fields, "role", what, CitationRole, CitationRole.OBLIGATION)
        return Citation(instrument=instrument, article=article, role=role or CitationRole.OBLIGATION)

    def gb45067(self, fields: dict[str, Node], what: str, hazard: HazardLevel | None) -> str | None:
        value = self.text(fields, "gb45067", what)
        if value is None:
            return None
        if not GB45067.fullmatch(value):
            near = re.fullmatch(r"(4\.\d{1,2})\s*[(（]?([a-zA-Z])\s*[)）]?", value)
            how = Msg("写成 GB 45067-2024 第 4 章的条款，如 \"4.6 b)\"（小写字母、半角括号，前有空格）")
            hint = Msg("是否应为“{clause} {letter})”？{how}", clause=near[1], letter=near[2].lower(),
                       how=how) if near else how
            self.error(fields["gb45067"], "{what}：gb45067“{value}”格式不对", hint, what=what, value=value)
            return None
        if hazard is HazardLevel.GENERAL:
            self.error(fields["gb45067"], "{what}：有 gb45067 条款却不是重大隐患",
                       "GB 45067 条款只用于重大隐患：加上 hazard_level: major，或删去 gb45067", what=what)
        return value

    def days(self, fields: dict[str, Node], what: str, rectification: Rectification | None) -> int | None:
        days = self.integer(fields, "rectification_days", what)
        if "rectification_days" not in fields:
            return DEFAULT_RECTIFICATION_DAYS if rectification is Rectification.DEADLINE else None
        if rectification is Rectification.IMMEDIATE:
            self.error(fields["rectification_days"], "{what}：立即整改（immediate）不设整改天数",
                       "删去 rectification_days，或把 rectification 改为 deadline", what=what)
        elif days is not None and not 1 <= days <= 365:
            self.error(fields["rectification_days"], "{what}：rectification_days 为 {days}，超出 1–365",
                       "写 1 到 365 之间的天数（常用 15 或 30）", what=what, days=days)
        return days

    def answer(self, item_fields: dict[str, Node], item_what: str) -> AnswerSpec | None:
        if "answer" not in item_fields:
            return AnswerSpec()
        what = Msg("{what} 的 answer", what=item_what)
        fields = self.fields(item_fields["answer"], what, ANSWER_KEYS)
        if fields is None:
            return None
        kind = self.enum(fields, "kind", what, AnswerKind)
        spec = AnswerSpec(kind=kind, unit=self.text(fields, "unit", what),
                          min=self.number(fields, "min", what), max=self.number(fields, "max", what),
                          choices=self.choices(fields, what))
        if kind is not None:
            self.answer_consistency(spec, fields, what)
        return spec

    def choices(self, fields: dict[str, Node], what: str) -> tuple[str, ...]:
        seen: dict[str, Node] = {}
        for text, node in self.strings(fields, "choices", what) or ():
            if text in seen:
                self.error(node, "{what}：choices 中“{text}”重复（第一次在第 {first} 行）", "每个选项只写一次",
                           what=what, text=text, first=_line(seen[text]))
            seen.setdefault(text, node)
        return tuple(seen)

    def answer_consistency(self, spec: AnswerSpec, fields: dict[str, Node], what: str) -> None:
        kind_node = fields["kind"]
        for key in ("unit", "min", "max"):
            if key in fields and spec.kind is not AnswerKind.NUMBER:
                self.error(fields[key], "{what}：{key} 只用于 kind: number", "删去 {key}，或把 kind 改为 number",
                           what=what, key=key)
        if "choices" in fields and spec.kind is not AnswerKind.CHOICE:
            self.error(fields["choices"], "{what}：choices 只用于 kind: choice", "删去 choices，或把 kind 改为 choice",
                       what=what)
        if spec.kind is AnswerKind.NUMBER and "unit" not in fields:
            self.error(kind_node, "{what}：kind: number 缺少 unit", "加上计量单位，例如 unit: MPa", what=what)
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            self.error(fields["min"], "{what}：min（{min:g}）大于 max（{max:g}）", "交换两个值，或改正其中一个",
                       what=what, min=spec.min, max=spec.max)
        if spec.kind is AnswerKind.CHOICE and not spec.choices and "choices" not in fields:
            self.error(kind_node, "{what}：kind: choice 缺少 choices", "加上选项列表，例如 choices: [完好, 损坏]",
                       what=what)
        elif spec.kind is AnswerKind.CHOICE and fields.get("choices") is not None and not fields["choices"].value:
            self.error(fields["choices"], "{what}：choices 是空列表", "至少写两个选项", what=what)

    def check_whole(self, checklist: Checklist, applies_known: bool) -> None:
        """Cross-item checks: repeated questions, GB 45067 clauses of another equipment kind."""
        first_question: dict[str, Item] = {}
        for item in checklist.items():
            if item.question and item.question in first_question:
                first = first_question[item.question]
                self.warn(item.line, "检查项 {id}：问题与第 {line} 行的 {other} 完全相同", "合并两项，或写清两者的区别",
                          id=item.id, line=first.line, other=first.id)
            first_question.setdefault(item.question, item)
            self.gb45067_kind(item, checklist.applies_to, applies_known)
            self.sector_scope(item, checklist.sectors)
        self.check_conditions(checklist)

    def sector_scope(self, item: Item, sectors: tuple[Sector, ...]) -> None:
        """An item's sectors, and the sectors it is major in, lie within the checklist's
        (and the item's own)."""
        for key, values, within, where in (("sectors", item.sectors, sectors, Msg("检查表的 sectors")),
                                           ("major_in", item.major_in, item.sectors or sectors,
                                            Msg("本项适用的企业类别"))):
            outside = [v for v in values if within and v not in within]
            if outside:
                self.error(item.line, "检查项 {id}：{key} 中的 {names} 不在{where}之内", "删去它，或把它加入{where}",
                           id=item.id, key=key, names=Listing(outside), where=where)

    def gb45067_kind(self, item: Item, applies_to: EquipmentKind | None, known: bool) -> None:
        if not item.gb45067 or not known:
            return
        chapter = int(GB45067.fullmatch(item.gb45067).group(1))
        kinds = GB45067_KINDS.get(chapter)
        if kinds and applies_to not in kinds:
            self.warn(item.line, "检查项 {id}：gb45067 {clause} 是关于{about}的条款，而检查表适用于{target}",
                      "核对条款号是否写错", id=item.id, clause=item.gb45067, about=Listing(kinds),
                      target=applies_to or Msg("通用"))
