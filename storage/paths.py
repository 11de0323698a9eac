"""Where a workspace lives when none is named: the platform's user data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "SiteCheck"
WORKSPACE_SUFFIX = ".sitecheck"     # sync files have their own: .scbundle, .scpack (export.sync)
DEFAULT_WORKSPACE_NAME = "workspace" + WORKSPACE_SUFFIX


def data_dir() -> Path:
    """The user data folder: ``$SITECHECK_HOME`` if set, else the platform's own."""
    override = os.environ.get("SITECHECK_HOME")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_workspace() -> Path:
    return data_dir() / DEFAULT_WORKSPACE_NAME


def cache_dir() -> Path:
    """The user cache folder (what can be rebuilt at any time, e.g. parsed fonts):
    ``$SITECHECK_CACHE`` if set; with ``$SITECHECK_HOME`` its ``cache`` folder
    (a portable install keeps its own); else the platform's cache folder."""
    override = os.environ.get("SITECHECK_CACHE")
    if override:
        return Path(override)
    if os.environ.get("SITECHECK_HOME"):
        return data_dir() / "cache"
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_DIR_NAME / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_DIR_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_DIR_NAME
