"""The headless core never imports Qt (DESIGN.md rule 1), checked by reading imports."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("checklists", "storage", "export")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def core_files() -> list[Path]:
    return sorted(p for pkg in CORE for p in (ROOT / pkg).rglob("*.py"))


def test_core_has_modules():
    assert len(core_files()) >= 6


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_does_not_import_qt(path):
    bad = [(line, mod) for line, mod in imported_modules(path) if mod.split(".")[0] in QT]
    assert not bad, f"{path.relative_to(ROOT)} imports Qt at {bad}; move it behind ui/"


def test_checker_sees_qt_imports(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\n", encoding="utf-8")
    assert (2, "PySide6.QtCore") in imported_modules(sample)
