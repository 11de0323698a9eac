"""storage.files: atomic writes and the clean-up of what killed writers left."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from checklists.common.errors import InvalidInput
from storage.files import LEGACY_AGE, atomic_write, remove_stale_partials


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "a.pdf"
    atomic_write(target, lambda fh: fh.write(b"first"))

    def broken(fh):
        fh.write(b"half")
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(InvalidInput, match="不存在"):
        atomic_write(tmp_path / "nope" / "a.pdf", lambda fh: fh.write(b"x"))


def test_only_partials_of_dead_writers_and_old_unnamed_ones_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    files = {
        f".b.scbundle.{dead}.abc123xy.partial": True,          # its writer is gone
        f".b.scbundle.{os.getpid()}.abc123xy.partial": False,  # a writer still at work
        ".old.xlsx.k2j3h4g5.partial": True,                    # older name, over an hour old
        ".new.xlsx.k2j3h4g5.partial": False,                   # older name, just written
        "report.partial": False,                               # not ours
        "b.scbundle": False,
    }
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    hour_ago = time.time() - LEGACY_AGE - 60
    os.utime(tmp_path / ".old.xlsx.k2j3h4g5.partial", (hour_ago, hour_ago))
    removed = {p.name for p in remove_stale_partials(tmp_path)}
    assert removed == {name for name, stale in files.items() if stale}
    assert {p.name for p in tmp_path.iterdir()} == {n for n, stale in files.items() if not stale}
