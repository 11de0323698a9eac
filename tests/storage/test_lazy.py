"""The facade's areas imported on first use (storage/lazy.py): a fresh process that
opens a workspace loads none of them, the first call of one of their methods loads
that area alone, and every name the facade gives them is the real module's."""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import workspace
from storage.lazy import LazyModule

ROOT = Path(__file__).resolve().parents[2]
AREAS = ("dossier", "penalty", "plan", "reports", "supervision")

PROBE = """
import json, sys
from storage.workspace import Workspace
areas = ("storage.dossier", "storage.penalty", "storage.plan", "storage.reports", "storage.draw")
with Workspace.open(sys.argv[1]) as ws:
    opened = [m for m in areas if m in sys.modules]
    plans = ws.plans()
    after = [m for m in areas if m in sys.modules]
print(json.dumps({"opened": opened, "after": after, "plans": len(plans)}))
"""


def test_opening_a_workspace_loads_no_area_and_a_call_loads_its_own(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SITECHECK_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "w.sitecheck")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["opened"] == []
    assert probe["after"] == ["storage.plan", "storage.draw"] and probe["plans"] == 0


@pytest.mark.parametrize("area", AREAS)
def test_the_facade_names_the_real_modules(area):
    stand_in = getattr(workspace, area)
    module = importlib.import_module(f"storage.{area}")
    assert isinstance(stand_in, LazyModule)
    assert all(getattr(stand_in, name) is getattr(module, name)
               for name in vars(module) if not name.startswith("__"))


def test_a_lazy_module_imports_on_first_attribute_and_says_which():
    stand_in = LazyModule("storage.textplan")
    assert repr(stand_in) == "<lazy module 'storage.textplan'>"
    assert stand_in.WALKED is importlib.import_module("storage.textplan").WALKED
    assert repr(stand_in) == "<lazy module 'storage.textplan' (imported)>"
    with pytest.raises(AttributeError, match="no_such_name"):
        stand_in.no_such_name  # noqa: B018


def test_a_missing_module_fails_at_first_use_not_before():
    stand_in = LazyModule("storage.no_such_area")
    with pytest.raises(ModuleNotFoundError):
        stand_in.anything  # noqa: B018
