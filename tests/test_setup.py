"""The README's set-up commands, run again with no network (an inspector's laptop in the field).

Each run happens in a new network namespace with no network, on the .venv that is
already set up (it is, when pytest runs).  The stamp goes to a temporary file
(SITECHECK_SETUP_STAMP), so the shared .venv is never written to, and pip never runs
on it: a test that needs pip to run gives set-up a venv of its own.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIP_RUNS = "installing the project into .venv (pip)"
APT_RUNS = "installing system packages"


def _offline_prefix() -> list[str]:
    """The command that runs a program with no network: an unprivileged user and
    network namespace (``unshare -rn``), or as root a network namespace only."""
    reasons = []
    for prefix in (["unshare", "-rn"], ["unshare", "-n"]):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, text=True, timeout=30)
        except FileNotFoundError:
            pytest.skip("unshare (util-linux) is not installed, so no network namespace can be made")
        if done.returncode == 0:
            return prefix
        reasons.append(f"{' '.join(prefix)}: {done.stderr.strip()}")
    pytest.skip("cannot create a network namespace here (" + "; ".join(reasons) + ")")


def offline(script: str, stamp: Path, cwd: Path = ROOT, prefix: list[str] | None = None,
            ) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITECHECK_SETUP_STAMP": str(stamp)}
    return subprocess.run([*(prefix or _offline_prefix()), "bash", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_quiet(done: subprocess.CompletedProcess) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert PIP_RUNS not in output and APT_RUNS not in output, output
    assert "setup: ready (.venv)" in done.stdout, output


def test_test_setup_again_offline_skips_pip_and_apt(tmp_path):
    stamp = tmp_path / "stamp"
    setup_part = readme_commands()[1].split(" && ")[0]
    assert setup_part == "bash .ci/setup --test"
    first = offline(setup_part, stamp)
    assert_quiet(first)
    assert "pip skipped" in first.stdout and stamp.read_text().startswith("test ")
    again = offline("bash .ci/setup --test", stamp)
    assert_quiet(again)
    assert "(stamp), pip skipped" in again.stdout     # the fast path: the stamp vouches


def readme_commands() -> tuple[str, str]:
    """The README's two commands: set up and start the program; set up and run the tests."""
    blocks = (ROOT / "README.md").read_text(encoding="utf-8").split("```\n")[1::2]
    return blocks[0].strip(), blocks[1].strip()


def test_readme_commands_are_the_ones_ci_and_these_tests_run():
    run, test = readme_commands()
    assert run == "bash .ci/setup && .venv/bin/python main.py"
    assert test in (ROOT / ".ci" / "run").read_text().splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("python main.py") == readme.count(".venv/bin/python main.py")  # Debian has no `python`


def test_run_command_starts_offline(tmp_path):
    """The README's run command, minus the window: set-up, then the program, with no network."""
    stamp = tmp_path / "stamp"
    for _ in range(2):
        done = offline(readme_commands()[0] + " --help", stamp)
        assert_quiet(done)
        assert "usage: sitecheck" in done.stdout
    assert "(stamp), pip skipped" in done.stdout


def test_a_test_stamp_serves_the_run_command(tmp_path):
    stamp = tmp_path / "stamp"
    assert_quiet(offline("bash .ci/setup --test", stamp))
    assert "(stamp), pip skipped" in offline("bash .ci/setup", stamp).stdout


def _copy_setup(tmp_path: Path, extra_package: str | None = None) -> Path:
    """A project directory holding only what set-up reads, with its own (empty) venv."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", repo)
    script = (ROOT / ".ci" / "setup").read_text()
    if extra_package:
        script = script.replace("pkgs=(python3-venv ", f"pkgs=({extra_package} python3-venv ", 1)
    (repo / ".ci" / "setup").write_text(script)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(repo / ".venv")], check=True,
                   timeout=120)
    return repo


def test_stale_setup_offline_says_pip_needs_the_network(tmp_path):
    """A venv without the project: set-up must call pip, and when pip fails it says why
    and leaves no stamp (so the next run tries again)."""
    repo = _copy_setup(tmp_path)
    stamp = repo / ".venv" / ".sitecheck-setup"
    done = offline("bash .ci/setup", stamp, cwd=repo)
    assert done.returncode != 0
    assert PIP_RUNS in done.stdout
    assert "the first set-up needs the network" in done.stderr
    assert not stamp.exists()


def test_missing_package_without_sudo_says_how_to_install_it(tmp_path):
    """Not root and no sudo: set-up names what is missing and the command to install
    it, then goes on (a missing Qt library does not stop the command line)."""
    if shutil.which("sudo"):
        pytest.skip("sudo is installed here; this case is about a machine without it")
    as_user = ["unshare", "-n", "--map-user=1000", "--map-group=1000"]
    if subprocess.run([*as_user, "true"], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("cannot create a user namespace as a non-root user here (unshare --map-user)")
    repo = _copy_setup(tmp_path, extra_package="sitecheck-no-such-package")
    (repo / ".venv").rename(repo / "empty-venv")
    (repo / ".venv").symlink_to(ROOT / ".venv")       # read only: the stamp goes to tmp_path
    done = offline("bash .ci/setup", tmp_path / "stamp", cwd=repo, prefix=as_user)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sudo: command not found" not in done.stderr
    assert "missing system packages: sitecheck-no-such-package" in done.stderr
    assert "install them with: sudo apt-get install --no-install-recommends " \
           "sitecheck-no-such-package" in done.stderr
    assert "setup: ready (.venv)" in done.stdout
