"""Byte counts as people read them: the one formatting function for every size the
program shows (1 KB = 1024 B, the usual practice: "1.2 MB")."""
from __future__ import annotations

UNITS = ("KB", "MB", "GB", "TB")


def format_size(size: int) -> str:
    """``512 B``, ``1.5 KB``, ``1.2 MB``, ``2 GB``: one decimal, none when it is 0."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in UNITS:
        value /= 1024
        if value < 1024 or unit == UNITS[-1]:
            return f"{value:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")
