"""No function or method is longer than 50 lines, Qt layout code aside.

Length is ``end_lineno - lineno + 1`` of the ``def`` (decorators not counted), less
the lines of its docstring.  Nested functions are measured on their own too.

The one exemption, kept narrow: in ``ui/``, methods of a class that derives directly
from a ``PySide6.QtWidgets`` class (imported by name in that module), when the method
is ``__init__`` or its name starts with ``_build``, ``_layout`` or ``_setup_ui``.  Such
code creates and places widgets one after another; splitting it only moves the list.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("checklists", "storage", "export", "ui")
LIMIT = 50
LAYOUT_PREFIXES = ("_build", "_layout", "_setup_ui")
Function = ast.FunctionDef | ast.AsyncFunctionDef


def length(node: Function) -> int:
    """Lines of ``node`` without its docstring."""
    lines = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str):
        lines -= first.end_lineno - first.lineno + 1
    return lines


def _qt_widget_names(tree: ast.Module) -> set[str]:
    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtWidgets"
            for alias in node.names}


def _is_layout(function: Function, owner: ast.ClassDef | None, qt_widgets: set[str]) -> bool:
    if owner is None or not any(isinstance(b, ast.Name) and b.id in qt_widgets for b in owner.bases):
        return False
    return function.name == "__init__" or function.name.startswith(LAYOUT_PREFIXES)


def long_functions(source: str, in_ui: bool) -> list[tuple[str, int]]:
    """(qualified name, length) of each function in ``source`` over the limit."""
    tree = ast.parse(source)
    qt_widgets = _qt_widget_names(tree) if in_ui else set()
    found = []

    def visit(node: ast.AST, prefix: str, owner: ast.ClassDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.", child)
            elif isinstance(child, Function):
                if length(child) > LIMIT and not _is_layout(child, owner, qt_widgets):
                    found.append((f"{prefix}{child.name}", length(child)))
                visit(child, f"{prefix}{child.name}.", None)
            else:
                visit(child, prefix, owner)

    visit(tree, "", None)
    return found


def modules() -> list[Path]:
    return [*sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")), ROOT / "main.py"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_are_short(path):
    in_ui = path.relative_to(ROOT).parts[0] == "ui"
    bad = long_functions(path.read_text(encoding="utf-8"), in_ui)
    assert not bad, f"{path.relative_to(ROOT)}: over {LIMIT} lines: {bad}; split into named helpers"


def _function(name: str, lines: int, docstring: bool = False, indent: str = "") -> str:
    doc = [f'{indent}    """One', f'{indent}    more."""'] if docstring else []
    body = [f"{indent}    x = {n}" for n in range(lines - 1 - len(doc))]
    return "\n".join([f"{indent}def {name}():", *doc, *body]) + "\n"


def test_checker_measures_functions():
    source = (_function("fits", 50) + _function("documented", 52, docstring=True)
              + _function("too_long", 51)
              + "def outer():\n" + _function("inner", 51, indent="    "))
    assert long_functions(source, in_ui=False) == [("too_long", 51), ("outer", 52),
                                                   ("outer.inner", 51)]


def test_checker_exempts_only_qt_layout_methods_in_ui():
    methods = "".join(_function(name, 60, indent="    ")
                      for name in ("__init__", "_build_form", "refresh"))
    source = ("from PySide6.QtWidgets import QWidget\n"
              f"class View(QWidget):\n{methods}"
              f"class Plain:\n{methods}")
    assert long_functions(source, in_ui=True) == [
        ("View.refresh", 60), ("Plain.__init__", 60), ("Plain._build_form", 60), ("Plain.refresh", 60)]
    assert len(long_functions(source, in_ui=False)) == 6
