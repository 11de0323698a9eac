"""``sync import`` as it was before bundles were merged one transaction each (every
file opened and verified, then all merged in one transaction), kept only as the
baseline of ``bench/hq_import.py``."""
# ruff: noqa
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from checklists.common.progress import Progress
from export.sync.container import (DEFAULT_MAX_SIZE, SignedFile, gc_paused, maybe_pause, open_signed,
                                   refuse_own_workspace, trusted_signer)
from storage.sync import merging
from storage.sync.devices import check_trusted
from storage.sync.merging import MergeReport
from storage.workspace import Workspace


def import_bundles(ws: Workspace, paths: Sequence[str | Path], *, trust: bool = False,
                   max_size: int = DEFAULT_MAX_SIZE, progress: Progress | None = None,
                   checkpoint: bool = True) -> list[MergeReport]:
    """Verify every file, then merge them all in one transaction.

    If any file is refused, nothing is imported: everything but the blobs is
    verified before the first change, and each blob is hashed (by a worker thread,
    ahead of the merge) before it is stored, so a bad one rolls back the whole
    import.  ``trust`` confirms devices not registered yet; no part of a file is
    read before its signature and signer are checked.  A bundle imported before
    is recognised by its signed id, once all of it has been verified, and changes
    nothing.  The import is durable when its transaction commits; ``checkpoint``
    then copies its pages from the WAL into the database file before returning
    (False: the caller runs ``storage.sync.merging.checkpoint`` later, e.g. after showing
    the report, or SQLite does at its next checkpoint).
    """
    for path in paths:
        refuse_own_workspace(ws, path)
    opened: list[SignedFile] = []
    try:
        for path in paths:
            opened.append(open_signed(path, kind="bundle", max_size=max_size,
                                      vouch=trusted_signer(ws, trust=trust)))
        for signed in opened:       # verify first, then say it was imported before
            if merging.previous_import(ws, signed.manifest["bundle_id"]):
                signed.verify_blobs()
        _start_reading_blobs(ws, opened)
        loaded = [_load_bundle(ws, signed, trust) for signed in opened]
        if all(tables is None for tables, _ in loaded):
            return [_merge_one(ws, signed, None, None, progress) for signed in opened]
        with merging.one_transaction(ws):
            reports = [_merge_one(ws, signed, tables, register, progress)
                       for signed, (tables, register) in zip(opened, loaded)]
    finally:
        for signed in opened:
            signed.close()
    if checkpoint:
        merging.checkpoint(ws)
    return reports


def _start_reading_blobs(ws: Workspace, opened: list[SignedFile]) -> None:
    """Hash the first new file's blobs while the rows are parsed (the others' start
    when their merge does, so only one file is read ahead at a time)."""
    new = [s for s in opened if merging.previous_import(ws, s.manifest["bundle_id"]) is None]
    if new:
        new[0].blobs.start()


def _load_bundle(ws: Workspace, signed: SignedFile,
                 trust: bool) -> tuple[merging.Parts | None, tuple[str, bytes] | None]:
    """Trust checked; the records parts ready to be read in batches while merging
    (their columns are checked before the merge, every row while it is read)."""
    m = signed.manifest
    new = check_trusted(ws, signed.device_id, m["device"]["name"], signed.public_key,
                        trust=trust, what=signed.label)
    if merging.previous_import(ws, m["bundle_id"]):
        return None, None
    parts = signed.record_parts()
    for table, part in parts.items():
        merging.check_columns(ws, table, part.columns)
    return parts, ((m["device"]["name"], signed.public_key) if new else None)


def _merge_one(ws: Workspace, signed: SignedFile, parts: merging.Parts | None,
               register: tuple[str, bytes] | None, progress: Progress | None) -> MergeReport:
    earlier = merging.previous_import(ws, signed.manifest["bundle_id"])
    if parts is None:
        return earlier  # type: ignore[return-value]
    if earlier:             # the same bundle given twice in one call: still check every byte
        merging.check_rows(ws, signed.manifest, parts, label=signed.label)
        signed.verify_blobs()
        return earlier
    signed.blobs.start()
    with gc_paused():
        return merging.merge(ws, signed.manifest, parts, signed.blob_names(), signed.read_blob,
                          register=register, progress=progress,
                          pause_hook=lambda: maybe_pause("import"), label=signed.label)


