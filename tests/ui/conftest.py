"""UI tests run offscreen, on a real workspace file in a temporary folder."""
from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime

import pytest

from storage.demo import INSPECTORS, sample_departments
from storage.workspace import Workspace

NOW = datetime(2026, 11, 20, 9, 30).astimezone()


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path, monkeypatch):
    """The user data folder (default workspace, remembered workspace) of each test."""
    home = tmp_path / "home"
    monkeypatch.setenv("SITECHECK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def template_file(tmp_path_factory):
    """A workspace with the built-in checklists, made once (parsing them takes a while)."""
    path = tmp_path_factory.mktemp("template") / "ws.sitecheck"
    ws = Workspace.open(path, clock=lambda: NOW)
    ws.set_settings({"inspectors": [dict(p) for p in INSPECTORS[:3]], "setup_done": True})
    sample_departments(ws)              # documents are issued under a configured department only
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    return path


@pytest.fixture
def workspace_file(tmp_path, template_file):
    path = tmp_path / "ws.sitecheck"
    shutil.copyfile(template_file, path)
    return path


@pytest.fixture
def window(qtbot, workspace_file):
    from ui.app import start

    _app, win = start(workspace_file)
    win.ctx.ws.clock = lambda: NOW
    qtbot.addWidget(win)
    yield win
    win.ctx.close()                     # jobs, worker workspaces, then the workspace
    win.translation.set("zh_CN")        # the translator is the application's: leave it Chinese
