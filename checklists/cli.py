"""Command-line commands of this package (registered by main.py)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's commands to the main parser."""
