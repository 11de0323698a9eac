"""Write one benchmark's section of docs/benchmarks.md, leaving the others alone."""
from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(name: str, markdown: str, doc: Path = DOC) -> None:
    """Replace the text between ``<!-- section:NAME -->`` and ``<!-- end:NAME -->``."""
    text = doc.read_text(encoding="utf-8")
    start, end = f"<!-- section:{name} -->", f"<!-- end:{name} -->"
    body = f"{start}\n{markdown.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: body, text) if pattern.search(text) else text.rstrip() + f"\n\n{body}\n"
    doc.write_text(text, encoding="utf-8")


def spread(values: list[float], scale: float = 1.0, unit: str = "s", digits: int = 3) -> str:
    """``median (min–max, n=N)`` of ``values`` times ``scale``, for a table cell."""
    import statistics

    v = [x * scale for x in values]
    return (f"{statistics.median(v):.{digits}f} {unit} ({min(v):.{digits}f}–{max(v):.{digits}f}, "
            f"n={len(v)})")


def machine() -> str:
    """The machine a figure was measured on, and its load when this is called."""
    import os
    import platform

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
            f"load average {load} (1, 5, 15 min) — a shared machine running other engineers' tests")
