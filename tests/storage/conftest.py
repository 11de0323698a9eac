"""Shared fixtures of the storage tests."""
from __future__ import annotations

import pytest

from storage.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    """A new workspace file of its own for each test."""
    with Workspace.open(tmp_path / "w.sitecheck") as workspace:
        yield workspace
