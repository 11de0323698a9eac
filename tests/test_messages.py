"""Every message the core shows has an English entry with the same placeholders.

The source of ``checklists/``, ``storage/``, ``export/``, ``ui/`` and ``main.py`` is
read with ``ast`` (the UI's own messages go through Qt's translator; what it
gives the core's errors, and what it raises as them, is checked here too).
A message is the text given to a ``SiteCheckError`` subclass (message, ``hint=``),
to ``InvalidInput`` (its field's label too), to a ``Problem``, to ``Msg``, to the
checklist checker's ``self.error`` / ``self.warn``, to ``cancelled=``, and the
labels given to a parameter named ``field``, ``field_name``, ``doing`` or ``what`` (and
their defaults).  The test fails when such a text is built with an f-string,
``+``, ``%`` or ``.format`` (it could not be translated), when a Chinese one has
no entry in ``checklists/common/messages_en.py``, when the entry's placeholders
differ from the Chinese template's, when a template names a parameter the call
does not give, or when the catalog holds an entry no source uses.
"""
from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from checklists.common.messages import Listing, Msg, as_msg
from checklists.common.messages_en import EN
from checklists.common.vocabulary import RECORD_LABELS, FindingState, HazardLevel
from storage.inputs import FAMILY_DEPARTMENTS

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("checklists", "storage", "export", "ui")
LABEL_PARAMS = {"field", "field_name", "doing", "what"}
NOT_PARAMS = {"hint", "cause"}
CJK = re.compile("[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f“”]")


@dataclass(frozen=True)
class Use:
    template: str
    params: frozenset[str] | None     # None: no parameters (used as written)
    where: str


def _files() -> list[Path]:
    return sorted([*(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")), ROOT / "main.py"])


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in _files()}


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    classes = {"SiteCheckError"}
    defs = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while True:
        more = {d.name for d in defs if any(_name(b) in classes for b in d.bases)} - classes
        if not more:
            return classes
        classes |= more


def _label_functions(trees: dict[Path, ast.Module]) -> tuple[dict[str, list[tuple[int, str]]], list[ast.AST]]:
    """name -> [(position as called, parameter name)] of functions taking labels;
    and the literal defaults of those parameters."""
    found: dict[str, list[tuple[int, str]]] = {}
    defaults: list[ast.AST] = []
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            args = node.args.posonlyargs + node.args.args
            offset = 1 if args and args[0].arg in ("self", "cls") else 0
            positional_defaults = dict(zip(reversed(args), reversed(node.args.defaults)))
            for index, arg in enumerate(args):
                if arg.arg in LABEL_PARAMS and node.name != "__init__":
                    found.setdefault(node.name, []).append((index - offset, arg.arg))
                    if arg in positional_defaults:
                        defaults.append(positional_defaults[arg])
            for arg, default in zip(node.args.kwonlyargs, node.args.kw_defaults):
                if arg.arg in LABEL_PARAMS and default is not None:
                    found.setdefault(node.name, []).append((-1, arg.arg))
                    defaults.append(default)
    return found, defaults


def _arg(call: ast.Call, index: int, keyword: str) -> list[ast.AST]:
    out = [k.value for k in call.keywords if k.arg == keyword]
    if 0 <= index < len(call.args) and not isinstance(call.args[index], ast.Starred):
        out.append(call.args[index])
    return out


def _sink(call: ast.Call, errors: set[str], labels: dict) -> tuple[list[ast.AST], list[ast.AST], set[str] | None]:
    """(message texts, label texts, parameter names) a call is given."""
    name = _name(call.func)
    params = {k.arg for k in call.keywords if k.arg and k.arg not in NOT_PARAMS} or None
    messages: list[ast.AST] = [k.value for k in call.keywords if k.arg == "cancelled"]
    found_labels: list[ast.AST] = []
    if name == "Msg":
        messages += call.args[:1]
    elif name == "InvalidInput":
        found_labels += _arg(call, 0, "field")
        messages += _arg(call, 1, "message") + _arg(call, -1, "hint")
    elif name in errors:
        messages += _arg(call, 0, "message") + _arg(call, -1, "hint")
    elif name == "Problem":
        messages += _arg(call, 2, "message") + _arg(call, 3, "hint")
        params = None
    elif name in ("error", "warn") and isinstance(call.func, ast.Attribute) \
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "self":
        messages += _arg(call, 1, "message") + _arg(call, 2, "hint")
    elif name == "TextRule":
        found_labels += _arg(call, 0, "label")
    for index, keyword in labels.get(name, ()):
        found_labels += _arg(call, index, keyword)
    return messages, found_labels, params


def _department_of(node: ast.AST) -> bool:
    """``inputs.FAMILY_DEPARTMENTS[family] + "的"``: how the UI names a department's
    fields; its values are in the catalog (see ``collect``)."""
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) \
        and "FAMILY_DEPARTMENTS" in ast.unparse(node.left) and ast.unparse(node.right) == "'的'"


def _texts(node: ast.AST, where: str, bad: list[str]) -> list[str]:
    """The literal templates ``node`` can be; an f-string or a built string is recorded in ``bad``."""
    if _department_of(node):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _texts(node.body, where, bad) + _texts(node.orelse, where, bad)
    if isinstance(node, ast.BoolOp):
        return [t for value in node.values for t in _texts(value, where, bad)]
    built = isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod))) or (
        isinstance(node, ast.Call) and _name(node.func) == "format")
    if built:
        bad.append(f"{where}: {ast.unparse(node)[:90]}")
    return []


def collect() -> tuple[list[Use], list[str]]:
    trees = _trees()
    errors = _error_classes(trees)
    labels, defaults = _label_functions(trees)
    uses: list[Use] = []
    bad: list[str] = []
    for default in defaults:
        uses += [Use(t, None, "default") for t in _texts(default, "default", bad)]
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            messages, found_labels, params = _sink(node, errors, labels)
            frozen = frozenset(params) if params else None
            for text_node in messages:
                uses += [Use(t, frozen, where) for t in _texts(text_node, where, bad)]
            for text_node in found_labels:
                uses += [Use(t, None, where) for t in _texts(text_node, where, bad)]
    uses += [Use(label, None, "vocabulary.RECORD_LABELS") for label in RECORD_LABELS.values()]
    # the UI names a department's fields as inputs.FAMILY_DEPARTMENTS[family] + "的"
    uses += [Use(f"{name}的", None, "ui: department") for name in FAMILY_DEPARTMENTS.values()]
    return uses, bad


USES, BUILT = collect()


def _placeholders(template: str) -> list[tuple]:
    try:
        return sorted({(name, spec or "", conv or "")
                      for _, name, spec, conv in string.Formatter().parse(template) if name is not None})
    except ValueError:          # a literal brace in a template used without parameters
        return [("{", template.count("{")), ("}", template.count("}"))]


def test_the_walk_finds_the_messages():
    templates = {use.template for use in USES}
    assert "{what}：键“{key}”重复（第一次在第 {first} 行）" in templates      # checklist checker
    assert "必须填写" in templates                                             # InvalidInput
    assert "单位名称" in templates                                             # TextRule label
    assert len(templates) > 200


def test_no_message_is_built_in_place():
    assert BUILT == [], "build messages as templates with named parameters:\n" + "\n".join(BUILT)


def test_every_chinese_template_has_an_english_entry():
    missing = sorted({use.template for use in USES if CJK.search(use.template) and use.template not in EN})
    assert missing == [], "add to checklists/common/messages_en.py:\n" + "\n".join(missing)


def test_english_entries_have_the_chinese_placeholders():
    wrong = [f"{zh!r} -> {en!r}" for zh, en in EN.items() if _placeholders(zh) != _placeholders(en)]
    assert wrong == []


def test_english_entries_are_english():
    """Chinese in an English entry only where the Chinese template has it too (《》, 第三十三条)."""
    assert [en for zh, en in EN.items() if set(CJK.findall(en)) - set(zh)] == []


def test_templates_name_only_given_parameters():
    wrong = []
    for use in USES:
        if use.params is None:
            continue
        names = {name for name, *_ in _placeholders(use.template)}
        if not names <= use.params:
            wrong.append(f"{use.where}: {use.template!r} needs {sorted(names - use.params)}")
    assert wrong == []


def test_every_catalog_entry_is_used():
    templates = {use.template for use in USES}
    assert sorted(set(EN) - templates) == []


# ----- the mechanism

def test_a_message_is_its_chinese_text_and_renders_in_english():
    msg = Msg("{what}：{key} 不能为空", what=Msg("检查表"), key="title")
    assert msg == "检查表：title 不能为空"
    assert isinstance(msg, str)
    assert msg.render("zh_CN") == "检查表：title 不能为空"
    assert msg.render("en") == "checklist: title must not be empty"
    assert msg.sentence("en") == "Checklist: title must not be empty"


def test_a_sentence_starting_with_a_given_value_keeps_its_case():
    assert Msg("{file} 不是 SiteCheck 工作区文件", file="ws.db").sentence("en") == \
        "ws.db is not a SiteCheck workspace file"
    assert Msg("{file} 不是 SiteCheck 工作区文件", file="ws.db").sentence("zh") == "ws.db 不是 SiteCheck 工作区文件"


def test_codes_render_through_their_labels_and_lists_join_per_language():
    kinds = Msg("可用：{options}", options=Listing([HazardLevel.GENERAL, FindingState.CLOSED]))
    assert kinds == "可用：一般隐患、已销号"
    assert kinds.render("en") == "Options: General hazard, Closed"


def test_a_template_without_parameters_keeps_its_braces():
    assert as_msg("检查是否有成串的 [ 或 {") == "检查是否有成串的 [ 或 {"


def test_a_message_missing_from_the_catalog_stays_chinese():
    assert Msg("没有英文的句子 {n}", n=3).render("en") == "没有英文的句子 3"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_message_survives_pickling(lang):
    import pickle

    msg = Msg("{what}：{key} 不能为空", what=Msg("检查表"), key="title")
    again = pickle.loads(pickle.dumps(msg))
    assert again == msg and again.render(lang) == msg.render(lang)
