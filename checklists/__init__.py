"""Checklists: the built-in YAML checklists and the loader that turns them into objects."""
from checklists.errors import ChecklistInvalid, Problem
from checklists.loader import (
    builtin_dir,
    check_file,
    check_text,
    content_hash,
    load_builtin,
    load_file,
    load_text,
)
from checklists.model import AnswerSpec, Checklist, Citation, Item, Section

__all__ = [
    "AnswerSpec", "Checklist", "ChecklistInvalid", "Citation", "Item", "Problem", "Section",
    "builtin_dir", "check_file", "check_text", "content_hash", "load_builtin", "load_file",
    "load_text",
]
