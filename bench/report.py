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
