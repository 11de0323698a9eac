"""Code compares stored codes with the vocabulary's StrEnum members, not string literals.

A comparison (``==``, ``!=``, ``in``, ``not in``) or a ``match`` case fails the test
when one side is named like a coded field (``state``, ``level``, ``result``, ``kind``,
``rectification``, ``mode``, ``family``, ``opinion``: a name, an attribute or a
subscript key) and the other is a string literal, or a tuple/list/set of them, that
is a code of a ``StrEnum`` in ``checklists/common/vocabulary.py``.  SQL strings are
not Python comparisons and are not looked at.
"""
from __future__ import annotations

import ast
import itertools
from enum import StrEnum
from pathlib import Path

import pytest

from checklists.common import vocabulary

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("checklists", "storage", "export", "ui")
FIELDS = {"state", "level", "result", "kind", "rectification", "mode", "family", "opinion"}
CODES = {str(member) for enum in vars(vocabulary).values()
         if isinstance(enum, type) and issubclass(enum, StrEnum) for member in enum}

# Files another change is rewriting; remove an entry when its comparison uses the enum.
PENDING: dict[str, set[str]] = {}


def _field(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return str(node.slice.value)
    return None


def _codes(node: ast.AST) -> bool:
    elements = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return any(isinstance(e, ast.Constant) and e.value in CODES for e in elements)


def _coded_pair(a: ast.AST, b: ast.AST) -> bool:
    return (_field(a) in FIELDS and _codes(b)) or (_field(b) in FIELDS and _codes(a))


def _match_cases(node: ast.Match) -> list[ast.AST]:
    if _field(node.subject) not in FIELDS:
        return []
    return [case.pattern.value for case in node.cases
            if isinstance(case.pattern, ast.MatchValue) and _codes(case.pattern.value)]


def literal_compares(source: str) -> list[str]:
    """The comparisons in ``source`` of a coded field with a literal code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_coded_pair(a, b) for a, b in itertools.pairwise(sides)):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Match):
            found += [f"case {ast.unparse(value)}" for value in _match_cases(node)]
    return found


def modules() -> list[Path]:
    return [*sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")), ROOT / "main.py"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_codes_compared_with_enum_members(path):
    name = str(path.relative_to(ROOT).as_posix())
    bad = set(literal_compares(path.read_text(encoding="utf-8"))) - PENDING.get(name, set())
    assert not bad, f"{name} compares codes as strings: {sorted(bad)}; use the StrEnum members"


def test_pending_entries_still_needed():
    for name, expected in PENDING.items():
        left = expected - set(literal_compares((ROOT / name).read_text(encoding="utf-8")))
        assert not left, f"{name} no longer has {sorted(left)}; remove it from PENDING"


def test_checker_sees_literal_codes():
    source = (
        'if finding.state == "open": pass\n'
        'if row["rectification"] != "deadline": pass\n'
        'if "major" == level: pass\n'
        'if doc.kind in ("order", "samr_order"): pass\n'
        'if finding.state == FindingState.OPEN: pass\n'
        'if key == "deadline": pass\n'
        'if doc.family == "unknown": pass\n'
        'match line.opinion:\n'
        '    case "rectified": pass\n'
        '    case _: pass\n')
    assert sorted(literal_compares(source)) == sorted([
        "finding.state == 'open'", "row['rectification'] != 'deadline'", "'major' == level",
        "doc.kind in ('order', 'samr_order')", "case 'rectified'"])
