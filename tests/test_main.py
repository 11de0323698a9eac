"""The entry point: which arguments start the GUI, and what a console without a display gets."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from main import gui_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_gui_is_started_without_a_command():
    assert gui_workspace([]) == (True, None)
    assert gui_workspace(["--workspace", "w.sitecheck"]) == (True, Path("w.sitecheck"))
    assert gui_workspace(["--workspace=w.sitecheck"]) == (True, Path("w.sitecheck"))
    assert gui_workspace(["checklists", "list"])[0] is False
    assert gui_workspace(["--workspace", "w", "demo"])[0] is False
    assert gui_workspace(["--help"])[0] is False
    # a file opened from the file manager (the desktop entry's "sitecheck %f")
    assert gui_workspace(["/home/a/检查 1.sitecheck"]) == (True, Path("/home/a/检查 1.sitecheck"))
    assert gui_workspace(["d.SCBUNDLE"]) == (True, Path("d.SCBUNDLE"))
    assert gui_workspace(["p.scpack"]) == (True, Path("p.scpack"))
    assert gui_workspace(["demo"])[0] is False
    assert gui_workspace(["w.sitecheck", "demo"])[0] is False


def run_main(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, timeout=60, cwd=ROOT)


def test_no_display_gives_a_clear_message_not_a_crash(tmp_path):
    if not sys.platform.startswith("linux"):
        return
    done = run_main("--workspace", str(tmp_path / "w.sitecheck"))
    assert done.returncode == 1
    assert "no display" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "w.sitecheck").exists()  # nothing was created


def test_starting_the_gui_does_not_import_the_commands():
    code = ("import sys, main; main.has_display = lambda: False; main.main([]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('yaml', 'reportlab', 'sqlite_utils', 'cryptography', 'export')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_usage_error_exit_status(tmp_path):
    done = run_main("--workspace", str(tmp_path / "w"), "no-such-command")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def _help_texts(parser, path="sitecheck"):
    """(where, help) for every command and option below ``parser``."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{path} {choice.dest}", choice.help
            for name, sub in action.choices.items():
                yield from _help_texts(sub, f"{path} {name}")
        else:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help


def test_every_command_and_option_has_help_chinese_first_then_english():
    from main import build_parser

    texts = list(_help_texts(build_parser()))
    commands = {where.split()[1] for where, _ in texts if len(where.split()) > 1}
    assert {"checklists", "demo", "audit", "inspections", "documents", "ledger", "sync",
            "pack"} <= commands
    for where, text in texts:
        assert text and "\u4e00" <= text[0] <= "\u9fff", f"{where}: help must start in Chinese: {text!r}"
        _zh, sep, en = text.partition("/ ")
        assert sep and en.strip().isascii() and en.strip()[0].isalpha(), \
            f"{where}: help must read “中文 / English”: {text!r}"


def test_ledger_stats_takes_every_group_its_help_lists(tmp_path):
    from storage.ledger import BY_ZH

    workspace = str(tmp_path / "w.sitecheck")
    help_text = run_main("ledger", "stats", "--help").stdout
    for code, name in BY_ZH.items():
        assert code in help_text and name in help_text
        for given in (code, name):
            done = run_main("--workspace", workspace, "ledger", "stats", "--by", given)
            assert done.returncode == 0, done.stderr
            assert done.stdout.startswith("分组\t检查")
    assert run_main("--workspace", workspace, "ledger", "stats", "--by", "region").returncode == 2


def test_a_named_command_builds_only_its_own_parser():
    """main.COMMANDS names the module that registers each command, exactly as the
    full parser has them, so a command line builds (and imports) only its own."""
    import argparse
    from importlib import import_module

    from main import COMMAND_MODULES, COMMANDS, build_parser, command_of

    full = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(COMMANDS) == set(full.choices)
    for command, module in COMMANDS.items():
        sub = argparse.ArgumentParser().add_subparsers()
        import_module(module).register(sub)
        assert command in sub.choices
        only = next(a for a in build_parser(command)._actions if isinstance(a, argparse._SubParsersAction))
        assert command in only.choices and len(only.choices) < len(full.choices)
    assert len(COMMAND_MODULES) == 3
    assert command_of(["--workspace", "w.sitecheck", "documents", "render"]) == "documents"
    assert command_of(["--workspace=w", "ledger", "stats"]) == "ledger"
    assert command_of(["--hq", "postgresql://hq/db", "sync", "import"]) == "sync" and command_of(["--hq=f", "hq"]) == "hq"
    assert command_of(["--help"]) is None and command_of(["--workspace"]) is None and command_of([]) is None


def test_a_command_line_imports_no_other_command(tmp_path):
    code = ("import sys, main\n"
            "try:\n    main.main(['--workspace', sys.argv[1], 'documents', 'list'])\n"
            "finally:\n    print(sorted(m for m in ('export.ledger_cli', 'export.sync.cli', 'storage.cli', "
            "'checklists.cli', 'export.demo_cli') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "w.sitecheck")], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_a_command_ends_without_the_interpreters_teardown_but_with_its_exit_functions(tmp_path):
    """main.py run as a program ends a command with exit_now: its output and exit status
    are the command's, and what atexit holds still runs (before the process ends)."""
    marker = tmp_path / "atexit-ran"
    code = ("import atexit, runpy, sys\n"
            f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
            "sys.argv = ['main.py'] + sys.argv[1:]\n"
            "runpy.run_path('main.py', run_name='__main__')\n")
    workspace = str(tmp_path / "w.sitecheck")
    done = subprocess.run([sys.executable, "-c", code, "--workspace", workspace, "documents", "list"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0 and done.stdout.startswith("尚未出具文书"), done.stderr
    assert marker.read_text() == "ran"
    failed = run_main("--workspace", workspace, "documents", "render", "no-such-inspection", "--kind", "order",
                      "--out", str(tmp_path / "o.pdf"))
    assert failed.returncode == 1 and failed.stderr.startswith("sitecheck: ") and "Traceback" not in failed.stderr
