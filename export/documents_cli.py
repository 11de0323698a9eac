"""Command-line commands (filled in by the owning area)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the main parser."""
