"""Version hash of the built content, and the built-in checklists."""
from __future__ import annotations

from pathlib import Path

import pytest

from checklists import builtin_dir, check_file, check_text, load_builtin, load_text
from checklists.loader import builtin_files

from .conftest import GOOD
from .test_loader import mutate

BUILTIN = builtin_files()


def test_hash_ignores_comments_whitespace_and_style():
    base = load_text(GOOD).hash
    restyled = "# 电梯检查表\n\n" + GOOD.replace("family: samr", "family:    samr   # 市场监管")
    restyled = restyled.replace("check_points: [查看维保合同]", "check_points:\n          - 查看维保合同")
    restyled = restyled.replace('version: "2026.1"', "version: '2026.1'")
    assert load_text(restyled).hash == base
    assert load_text(restyled).item("EL-02").line != load_text(GOOD).item("EL-02").line


def test_hash_counts_defaults_and_number_forms_as_content():
    base = load_text(GOOD).hash
    explicit = mutate("        answer:\n          kind: choice",
                      "        hazard_level: general\n        rectification_days: 15\n"
                      "        answer:\n          kind: choice")
    assert load_text(explicit).hash == base
    assert load_text(mutate("max: 1.6", "max: 1.60")).hash == base


@pytest.mark.parametrize("old,new", [
    ("第三十三条", "第三十四条"),
    ("max: 1.6", "max: 1.7"),
    ('version: "2026.1"', 'version: "2026.2"'),
    ("[有合同, 无合同]", "[无合同, 有合同]"),
])
def test_hash_changes_with_content(old, new):
    assert load_text(mutate(old, new)).hash != load_text(GOOD).hash


def test_hash_does_not_depend_on_file_name(write):
    assert check_file(write(GOOD, "a.yaml"))[0].hash == check_file(write(GOOD, "b.yaml"))[0].hash


def test_builtin_dir_is_the_package_folder():
    assert builtin_dir() == Path(__file__).resolve().parents[2] / "checklists"
    assert (builtin_dir() / "loader.py").is_file()


@pytest.mark.skipif(not BUILTIN, reason="no built-in checklists yet")
@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_builtin_checklist_is_valid(path):
    checklist, problems = check_file(path)
    assert checklist is not None, "\n".join(str(p) for p in problems)
    assert checklist.item_count > 0


@pytest.mark.skipif(not BUILTIN, reason="no built-in checklists yet")
def test_load_builtin_sorted_by_file_name_with_unique_ids():
    checklists = load_builtin()
    assert [Path(c.source).name for c in checklists] == sorted(p.name for p in BUILTIN)
    assert len({c.id for c in checklists}) == len(checklists)


def test_example_in_the_format_document_is_valid():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "checklist-format.md").read_text(encoding="utf-8")
    example = doc.split("## 完整示例")[1].split("```yaml\n")[1].split("```")[0]
    checklist, problems = check_text(example, "docs/checklist-format.md")
    assert checklist is not None and problems == [], problems
    assert checklist.item("EL-02").rectification_days is None
    assert checklist.item("EL-01").rectification_days == 30
