"""`python main.py checklists validate|list` through main.main()."""
from __future__ import annotations

import main
from checklists.loader import builtin_files, check_file

from .conftest import GOOD


def test_validate_valid_file_exits_0(write, capsys):
    path = write(GOOD)
    assert main.main(["checklists", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK  {path}  elevator-user 2026.1  2 items  ")
    assert check_file(path)[0].hash[:12] in out


def test_validate_prints_file_line_and_exits_1(write, capsys):
    good = write(GOOD, "good.yaml")
    bad = write(GOOD.replace("hazard_level: major", "hazard_level: majr"), "bad.yaml")
    assert main.main(["checklists", "validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:22: " in out and "“major”？" in out
    assert f"OK  {good}" in out and f"OK  {bad}" not in out
    assert "1 valid, 1 invalid" in out


def test_warnings_are_marked_and_still_exit_0(write, capsys):
    path = write(GOOD.replace("        check_points: [查看维保合同]\n", ""))
    assert main.main(["checklists", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:34: " in out and "(warning)" in out and f"OK  {path}" in out


def test_missing_file_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main.main(["checklists", "validate", str(tmp_path / "nope.yaml")]) == 1
    assert f"{tmp_path / 'nope.yaml'}: 文件不存在" in capsys.readouterr().out


def test_list_shows_builtin_checklists(capsys):
    code = main.main(["checklists", "list"])
    out = capsys.readouterr().out
    valid = [c for c in (check_file(p)[0] for p in builtin_files()) if c is not None]
    assert code == (0 if len(valid) == len(builtin_files()) else 1)
    for checklist in valid:
        assert checklist.id in out and checklist.title in out and f"{checklist.item_count:>4} 项" in out
