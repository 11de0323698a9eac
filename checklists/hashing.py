"""The content hash of a parsed checklist, kept apart from the loader so that a
command that only checks a cached checklist against its recorded hash
(:mod:`checklists.compiled`) does not import PyYAML."""
from __future__ import annotations

import dataclasses
import hashlib
import json

from checklists.common.vocabulary import CitationRole
from checklists.model import Checklist

# Keys added after checklists were first published: left out of the hash while
# empty, so a checklist that does not use them keeps the hash it always had.
_ADDED_KEYS = ("sectors", "major_in", "when", "per_equipment", "attributes")


def _drop_empty(content: dict, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in content and not content[key]:
            del content[key]


def content_hash(checklist: Checklist) -> str:
    """SHA-256 of the canonical JSON of the content (no hash, source or line numbers)."""
    content = dataclasses.asdict(checklist)
    del content["hash"], content["source"]
    _drop_empty(content, _ADDED_KEYS)
    for section in content["sections"]:
        _drop_empty(section, _ADDED_KEYS)
        for item in section["items"]:
            del item["line"]
            _drop_empty(item, _ADDED_KEYS)
            for citation in item["basis"] + item["penalty"]:
                if citation["role"] == CitationRole.OBLIGATION:  # the default: hashes stay as before
                    del citation["role"]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
