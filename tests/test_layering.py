"""The architecture's rules, checked by reading the source with ``ast``.

1. The headless core never imports Qt (DESIGN.md rule 1).
2. Imports point one way: ``ui -> export -> storage -> checklists`` (``checklists/common/``
   is part of ``checklists``, the lowest layer).  A module may import its own layer and
   the ones below it; ``main.py`` may import any layer; ``bench/`` and ``tests/`` are
   outside the rule, and no layer may import them or ``main``.  Every import counts:
   at module level, inside functions, and inside ``if TYPE_CHECKING:`` blocks (an
   upward import for type hints is still an upward dependency), and so does
   ``import_module("name")`` with a literal name.
3. SQL lives only in ``storage/``: outside it no string literal (docstrings aside) reads
   like an SQL statement, and nothing calls ``execute``/``executemany``/``executescript``/
   ``query`` with a statement (a call with no arguments, like a view's own ``query()``
   that builds a filter, is not a database call).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("checklists", "storage", "export")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")

# The rank of each layer: a module may import modules of its own rank or lower.
LAYERS = {"checklists": 0, "storage": 1, "export": 2, "ui": 3}
ABOVE_ALL = ("main", "bench", "tests")
OUTSIDE_STORAGE = ("checklists", "export", "ui")

# SQL as this code base writes it: upper-case keywords at the start of a string or
# after whitespace.
SQL = re.compile(r"(?:^|\s)(?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                 r"|CREATE\s+(?:TABLE|INDEX)|PRAGMA)\b")
DB_CALLS = ("execute", "executemany", "executescript", "query")


def module_name(path: Path, root: Path = ROOT) -> str:
    """The dotted name of ``path`` (``storage/sync/__init__.py`` -> ``storage.sync``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module a ``from`` import names, relative ones resolved."""
    if node.level == 0:
        return node.module or ""
    package = importer.split(".")
    if not is_package:
        package.pop()
    base = package[:len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _import_module_target(node: ast.Call) -> str | None:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name == "import_module" and node.args and isinstance(node.args[0], ast.Constant):
        return str(node.args[0].value)
    return None


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module ``path`` imports, anywhere in the file, with its line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    importer, is_package = module_name(path, root), path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, _absolute(node, importer, is_package)))
        elif isinstance(node, ast.Call) and (target := _import_module_target(node)):
            found.append((node.lineno, target))
    return sorted(found)


def _rank(module: str) -> int | None:
    top = module.split(".")[0]
    if top in ABOVE_ALL:
        return len(LAYERS)
    return LAYERS.get(top)


def upward_imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """The imports of ``path`` that point to a higher layer than its own."""
    own = _rank(module_name(path, root))
    return [(line, mod) for line, mod in imported_modules(path, root)
            if (rank := _rank(mod)) is not None and rank > own]


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [n for n in ast.walk(tree)
             if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    return {id(n.body[0].value) for n in nodes
            if n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def sql_uses(source: str) -> list[tuple[int, str]]:
    """SQL-looking string literals and database calls in ``source``, with line numbers."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings and SQL.search(node.value)):
            found.append((node.lineno, node.value.strip()[:60]))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in DB_CALLS and (node.args or node.keywords)):
            found.append((node.lineno, f".{node.func.attr}(…)"))
    return sorted(found)


def core_files() -> list[Path]:
    return sorted(p for pkg in CORE for p in (ROOT / pkg).rglob("*.py"))


def layered_files() -> list[Path]:
    return sorted(p for pkg in LAYERS for p in (ROOT / pkg).rglob("*.py"))


def files_outside_storage() -> list[Path]:
    return [*sorted(p for pkg in OUTSIDE_STORAGE for p in (ROOT / pkg).rglob("*.py")), ROOT / "main.py"]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_core_has_modules():
    assert len(core_files()) >= 6


@pytest.mark.parametrize("path", core_files(), ids=_id)
def test_core_module_does_not_import_qt(path):
    bad = [(line, mod) for line, mod in imported_modules(path) if mod.split(".")[0] in QT]
    assert not bad, f"{path.relative_to(ROOT)} imports Qt at {bad}; move it behind ui/"


def test_checker_sees_qt_imports(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\n", encoding="utf-8")
    assert (2, "PySide6.QtCore") in imported_modules(sample, tmp_path)


@pytest.mark.parametrize("path", layered_files(), ids=_id)
def test_imports_point_down(path):
    bad = upward_imports(path)
    assert not bad, (f"{_id(path)} imports a higher layer at {bad}; "
                     "dependencies point ui -> export -> storage -> checklists")


def test_checker_sees_upward_imports(tmp_path):
    package = tmp_path / "storage" / "sync"
    package.mkdir(parents=True)
    sample = package / "m.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from checklists.common.vocabulary import Result\n"
        "from . import rules\n"
        "from .. import workspace\n"
        "if TYPE_CHECKING:\n"
        "    from export.docmodel import Document\n"
        "def f():\n"
        "    import ui.app\n"
        "    from ...export import issue\n"
        "    return import_module('main')\n", encoding="utf-8")
    assert upward_imports(sample, tmp_path) == [
        (6, "export.docmodel"), (8, "ui.app"), (9, "export"), (10, "main")]
    assert (3, "storage.sync") in imported_modules(sample, tmp_path)
    assert (4, "storage") in imported_modules(sample, tmp_path)


@pytest.mark.parametrize("path", files_outside_storage(), ids=_id)
def test_sql_stays_in_storage(path):
    bad = sql_uses(path.read_text(encoding="utf-8"))
    assert not bad, f"{_id(path)} has SQL at {bad}; move it into a storage/ function behind Workspace"


def test_checker_sees_sql():
    source = (
        '"""Docstrings may say SELECT * FROM finding."""\n'
        'A = "SELECT id FROM finding"\n'
        'B = f"""\n    UPDATE finding SET state = {1}"""\n'
        'C = "PRAGMA user_version"\n'
        'D = "Select the findings to delete from the list"\n'
        'def f(ws, view):\n'
        '    ws.conn.execute(A)\n'
        '    ws.db.query(sql=A)\n'
        '    return view.query()\n')
    assert [line for line, _ in sql_uses(source)] == [2, 3, 5, 8, 9]
