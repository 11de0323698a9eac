"""The field -> headquarters bundle: what a device exports, and how headquarters
verifies and merges many of them; and the device card that introduces a device.

GUI entry points (run them off the UI thread): ``export_bundle``,
``inspect_file``, ``import_bundles``, ``write_device_card``, ``trust_device_card``.
Each long one takes a ``progress`` (``checklists.common.progress``): it reports
how far it got and stops, changing nothing, when the user cancels.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklists.common.progress import Progress
from checklists.common.sizes import format_size
from storage.sync import merging
from storage.sync.devices import (
    DeviceInfo,
    check_trusted,
    ensure_device_key,
    register_device,
)
from storage.sync.merging import MergeReport
from storage.sync.selection import bundle_selection
from storage.workspace import Workspace

from .container import (
    DEFAULT_MAX_SIZE,
    SignedFile,
    blob_part,
    gc_paused,
    maybe_pause,
    open_signed,
    records_part,
    refuse_own_workspace,
    sync_file_path,
    trusted_signer,
    write_file,
)


# ----- the field -> headquarters bundle ---------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: dict[str, Any]
    records: int
    blobs: int
    size: int

    def summary(self) -> str:
        counts = self.manifest["counts"]
        return (f"已导出 {self.path}：检查 {counts.get('inspection', 0)}，隐患 {counts.get('finding', 0)}，"
                f"照片 {counts.get('photo', 0)}，文书 {counts.get('document', 0)}，"
                f"共 {self.records} 条记录、{self.blobs} 个文件，{format_size(self.size)}")


def export_bundle(ws: Workspace, out: str | Path, *, destination: str = "hq",
                  everything: bool = False, progress: Progress | None = None) -> ExportResult:
    """Write everything not yet exported to ``destination`` (or everything) to ``out``.

    The export mark advances only after the file is complete under its final name;
    ``out`` without an ending gets ``.scbundle`` (``sync_file_path``).
    """
    out = sync_file_path(out, "bundle")
    ensure_device_key(ws)
    with merging.read_snapshot(ws), bundle_selection(ws, destination,
                                                  everything=everything) as selection:
        parts = [records_part(ws, src) for src in selection.tables]
        parts += [blob_part(ws, ref) for ref in selection.blobs]
        header = {"destination": destination, "inspectors": selection.inspectors,
                  "range": {"from": selection.first_at, "to": selection.last_at,
                            "since_seq": selection.since_seq, "until_seq": selection.until_seq}}
        manifest = write_file(ws, out, "bundle", header, parts, progress=progress)
    merging.mark_exported(ws, destination, selection.until_seq, manifest["bundle_id"])
    records = sum(n for t, n in manifest["counts"].items() if t != "blob")
    return ExportResult(Path(out), manifest, records, len(selection.blobs),
                        Path(out).stat().st_size)


@dataclass(frozen=True)
class FileInfo:
    """What a verified file says about itself (for a confirmation dialog)."""

    path: Path
    kind: str
    device_id: str
    device_name: str
    fingerprint: str
    trusted: bool
    counts: dict[str, int]
    range: dict[str, Any]
    inspectors: list[str]


def inspect_file(ws: Workspace, path: str | Path, *, kind: str = "bundle",
                 max_size: int = DEFAULT_MAX_SIZE) -> FileInfo:
    """Verify a file and describe it, without changing anything.

    This is the GUI's explicit trust path: the clerk is shown the signer's fingerprint
    to compare before trusting it, so an unknown signer's parts are verified too (after
    the structure and signature checks, which bound the reading by the file's size).
    """
    refuse_own_workspace(ws, path)
    signed = open_signed(path, kind=kind, max_size=max_size)
    try:
        from storage.sync.devices import device

        signed.verify_blobs()
        known = device(ws, signed.device_id)
        trusted = bool(known and known.trusted and known.public_key == signed.public_key)
        m = signed.manifest
        return FileInfo(signed.path, kind, signed.device_id, m["device"]["name"], signed.fingerprint,
                        trusted, m.get("counts", {}), m.get("range", {}), m.get("inspectors", []))
    finally:
        signed.close()


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


# ----- device cards -------------------------------------------------------------------
def write_device_card(ws: Workspace, out: str | Path) -> DeviceInfo:
    """A small signed file that introduces this device (and its key) to headquarters."""
    me = ensure_device_key(ws)
    write_file(ws, out, "device-card", {"counts": {}}, [])
    return me


def trust_device_card(ws: Workspace, path: str | Path) -> DeviceInfo:
    """Register the device a card introduces; later files it signs are accepted."""
    refuse_own_workspace(ws, path)
    signed = open_signed(path, kind="device-card", max_size=1 << 20,
                         vouch=trusted_signer(ws, trust=True))
    try:
        m = signed.manifest
        return register_device(ws, signed.device_id, m["device"]["name"], signed.public_key)
    finally:
        signed.close()


