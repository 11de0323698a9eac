"""Which kind of SiteCheck file a path holds, told by its first bytes and the names
of its zip members: for the message when one kind is opened as another (a bundle
chosen as a workspace, a workspace chosen as a bundle).

Workspaces end in ``.sitecheck``; device bundles in ``.scbundle`` and headquarters
packs in ``.scpack`` (``export.sync.container``).  Older versions named bundles
and packs ``.sitecheck`` too, so the name alone cannot tell; the content does.
This only recognises a file, it never trusts one: a bundle or pack is verified
in full when it is imported.  Nothing here reads more than ``MAX_DIRECTORY``
bytes of a zip's central directory and the last bytes of the file.
"""
from __future__ import annotations

import struct
from pathlib import Path

WORKSPACE, BUNDLE, PACK, DEVICE_CARD = "workspace", "bundle", "pack", "device-card"
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
_END = struct.Struct("<4s4H2LH")           # zip end of central directory, 22 bytes
_ENTRY = struct.Struct("<4s6H3L5H2L")      # central directory entry, 46 bytes
MAX_DIRECTORY = 8 * 1024 * 1024
_SYNC_ONLY = {"manifest.json", "manifest.sig"}


def sniff(path: str | Path) -> str | None:
    """WORKSPACE (any SQLite database), BUNDLE, PACK, DEVICE_CARD, or None (anything
    else, or unreadable).  Call it only once SQLite has closed the file: closing
    this descriptor would drop the process's locks on a workspace it has open."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
            if head == SQLITE_MAGIC:
                return WORKSPACE
            if not head.startswith(ZIP_MAGIC):
                return None
            return _sync_kind(_member_names(fh))
    except (OSError, struct.error, UnicodeDecodeError):
        return None


def is_workspace_header(head: bytes) -> bool:
    return head.startswith(SQLITE_MAGIC)


def _member_names(fh) -> set[str]:
    size = fh.seek(0, 2)
    fh.seek(max(size - _END.size, 0))
    sig, _, _, _, count, cd_size, cd_offset, _ = _END.unpack(fh.read(_END.size))
    if sig != b"PK\x05\x06" or cd_size > MAX_DIRECTORY:
        return set()
    fh.seek(cd_offset)
    directory = fh.read(cd_size)
    names, pos = set(), 0
    for _ in range(count):
        fields = _ENTRY.unpack_from(directory, pos)
        name_len, extra_len, comment_len = fields[10], fields[11], fields[12]
        start = pos + _ENTRY.size
        names.add(directory[start:start + name_len].decode("utf-8"))
        pos = start + name_len + extra_len + comment_len
    return names


def _sync_kind(names: set[str]) -> str | None:
    if not names >= _SYNC_ONLY:
        return None
    if "records/number_block.ndjson" in names:
        return PACK
    if names == _SYNC_ONLY:
        return DEVICE_CARD
    if any(n.startswith("records/") for n in names):
        return BUNDLE
    return None
