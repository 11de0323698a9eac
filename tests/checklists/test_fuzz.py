"""No input makes the loader raise: mutated variants of a valid file and random bytes."""
from __future__ import annotations

import random

from checklists import check_text
from checklists.common.errors import Problem

from .conftest import GOOD

SPECIALS = [*list(":-[]{}&*!|>#%@`'\"\t\n ,?~"), "\x00", "\ufeff", "《", "：", "- ", ": ", "!!int ", "&a ", "*a"]


def mutations(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    choice = rng.randrange(6)
    if choice == 0:  # delete a span
        i = rng.randrange(len(text) or 1)
        return text[:i] + text[i + rng.randint(1, 20):]
    if choice == 1:  # insert special characters
        i = rng.randrange(len(text) or 1)
        return text[:i] + rng.choice(SPECIALS) + text[i:]
    if choice == 2:  # duplicate a line
        i = rng.randrange(len(lines))
        return "\n".join(lines[:i + 1] + lines[i:])
    if choice == 3:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if choice == 4:  # change indentation
        i = rng.randrange(len(lines))
        lines[i] = " " * rng.randint(0, 12) + lines[i].lstrip()
        return "\n".join(lines)
    return text[: rng.randrange(len(text) or 1)]  # truncate


def test_mutated_files_give_problems_not_exceptions():
    rng = random.Random(20260101)
    seen_errors = 0
    for _ in range(300):
        text = GOOD
        for _ in range(rng.randint(1, 4)):
            text = mutations(rng, text)
        data = text.encode("utf-8", "surrogatepass") if rng.random() < 0.5 else text
        checklist, problems = check_text(data, "fuzz.yaml")
        assert all(isinstance(p, Problem) and p.message for p in problems)
        assert (checklist is None) == any(not p.warning for p in problems)
        seen_errors += checklist is None
    assert seen_errors > 150  # the mutations really do break files


def test_random_bytes_give_problems_not_exceptions():
    rng = random.Random(7)
    for _ in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        checklist, problems = check_text(data, "noise.yaml")
        assert checklist is None and problems
