"""The field -> headquarters bundle: what a device exports, and how headquarters
verifies and merges many of them; and the device card that introduces a device.

GUI entry points (run them off the UI thread): ``export_bundle``,
``inspect_file``, ``import_bundles``, ``write_device_card``, ``trust_device_card``.
Each long one takes a ``progress`` (``checklists.common.progress``): it reports
how far it got and stops, changing nothing, when the user cancels.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklists.common.errors import BundleRejected, SiteCheckError, StorageFailure
from checklists.common.messages import Listing, Msg
from checklists.common.progress import Cancelled, Progress
from checklists.common.sizes import format_size
from storage.sync import merging
from storage.sync.devices import (
    DeviceInfo,
    check_trusted,
    ensure_device_key,
    register_device,
)
from storage.sync.importlock import import_lock
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
                   checkpoint: bool = True,
                   waiting: Callable[[str], None] | None = None) -> list[MergeReport]:
    """Verify every file, then merge them one by one, each in its own transaction.

    Before the first change every file's structure, signature, signer and records
    parts are checked (in a first pass that keeps nothing open), so a damaged or
    forged file refuses the whole import and nothing is changed.  Then each file is
    opened again and merged in one transaction: its rows read in batches, each blob
    hashed (by a worker thread, ahead of the merge) before it is stored.  A file
    refused while merging (a row against the rules, a bad blob) or a cancel rolls
    back that file only; the files before it stay imported, so memory and the
    write-ahead log stay bounded by one file however many are given.  ``trust``
    confirms devices not registered yet.  A bundle imported before is recognised
    by its signed id, once all of it has been verified, and changes nothing.

    Only one import runs at a time on a workspace: a second waits for the first
    (``waiting(message)`` is told once, and ``progress`` shows it).  The import is
    durable as each transaction commits; ``checkpoint`` then copies its pages from
    the WAL into the database file before returning (False: the caller runs
    ``storage.sync.merging.checkpoint`` later).
    """
    for path in paths:
        refuse_own_workspace(ws, path)
    with import_lock(ws, progress=progress, waiting=waiting):
        _check_all(ws, paths, trust=trust, max_size=max_size, progress=progress)
        merged: set[str] = set()        # bundle ids merged by this call
        reports: list[MergeReport] = []
        for n, path in enumerate(paths):
            try:
                reports.append(_import_one(ws, path, trust=trust, max_size=max_size, merged=merged,
                                           progress=_OneOf(progress, n, len(paths), Path(path).name)))
            except (Cancelled, BundleRejected, StorageFailure) as err:
                if not any(not r.already_imported for r in reports):
                    raise               # nothing merged by this call: the error says so already
                raise import_incomplete(err, paths, reports) from err
    if checkpoint:
        merging.checkpoint(ws)
    return reports


def import_incomplete(err: SiteCheckError, paths: Sequence[str | Path],
                      reports: list[MergeReport]) -> SiteCheckError:
    """The error that stopped a multi-file import after some files were merged, saying
    exactly which files are in the workspace now and which are not (the files before
    the one that failed each committed on their own).  Keeps the error's class, and the
    reports of the files merged (``err.reports``)."""
    names = [Path(p).name for p in paths]
    done = len(reports)
    merged = [n for n, r in zip(names, reports) if not r.already_imported]
    before = [n for n, r in zip(names, reports) if r.already_imported]
    params = {"merged": Listing(merged), "count": len(merged), "left": len(names) - done,
              "rest": Listing(names[done:]), "file": names[done], "n": done + 1,
              "total": len(names), "reason": err.message}
    hint = (Msg("此前已导入、本次未变：{earlier}；再次导入全部文件即可，已导入的会被跳过",
                earlier=Listing(before)) if before else
            Msg("已导入的保留在工作区中；再次导入全部文件即可，已导入的会被跳过"))
    if isinstance(err, Cancelled):
        new: SiteCheckError = Cancelled(
            "导入已取消：已导入 {count} 个数据包（{merged}），未导入 {left} 个（{rest}）",
            hint=hint, **params)
    elif isinstance(err, StorageFailure):
        new = StorageFailure(
            "第 {n}/{total} 个数据包 {file} 未导入：{reason}。已导入 {count} 个（{merged}），"
            "未导入 {left} 个（{rest}）", cause=err.cause, hint=hint, **params)
    else:
        new = BundleRejected(
            "第 {n}/{total} 个数据包 {file} 未导入：{reason}。已导入 {count} 个（{merged}），"
            "未导入 {left} 个（{rest}）", hint=hint, **params)
    new.reports = list(reports)     # type: ignore[attr-defined]
    return new


def _check_all(ws: Workspace, paths: Sequence[str | Path], *, trust: bool, max_size: int,
               progress: Progress | None) -> None:
    """Every file's structure, signature, signer and records parts, before the first
    change; a bundle given more than once is read and checked whole in every copy
    after the first (a forged copy of a good bundle refuses the whole import)."""
    vouch, seen = trusted_signer(ws, trust=trust), set()
    for path in paths:
        if progress:
            progress.check()
        signed = open_signed(path, kind="bundle", max_size=max_size, vouch=vouch)
        try:
            bundle_id = signed.manifest["bundle_id"]
            if bundle_id in seen:
                merging.check_rows(ws, signed.manifest, _record_parts(ws, signed),
                                   label=signed.label)
            seen.add(bundle_id)
        finally:
            signed.close()


class _OneOf:
    """Progress of file ``n`` of ``total``: its own rows, named in the text."""

    def __init__(self, progress: Progress | None, n: int, total: int, name: str):
        self.progress = progress
        self.text = Msg("数据包 {n}/{total}：{name}", n=n + 1, total=total, name=name)

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.progress:
            self.progress.report(done, total, self.text)

    def check(self) -> None:
        if self.progress:
            self.progress.check()


def _import_one(ws: Workspace, path: str | Path, *, trust: bool, max_size: int,
                merged: set[str], progress: Progress) -> MergeReport:
    """Open, verify and merge one file in one transaction (all or nothing).  The same
    bundle given twice to one import is read and checked whole the second time too."""
    signed = open_signed(path, kind="bundle", max_size=max_size,
                         vouch=trusted_signer(ws, trust=trust))
    try:
        bundle_id = signed.manifest["bundle_id"]
        earlier = merging.previous_import(ws, bundle_id)
        if earlier:         # verify all of it before saying it was imported before
            if bundle_id in merged:
                merging.check_rows(ws, signed.manifest, _record_parts(ws, signed),
                                   label=signed.label)
            signed.verify_blobs()
            return earlier
        signed.blobs.start()
        parts, register = _load_bundle(ws, signed, trust)
        with merging.one_transaction(ws):
            report = _merge_one(ws, signed, parts, register, progress)
        merged.add(bundle_id)
        return report
    finally:
        signed.close()


def _record_parts(ws: Workspace, signed: SignedFile) -> merging.Parts:
    parts = signed.record_parts()
    for table, part in parts.items():
        merging.check_columns(ws, table, part.columns)
    return parts


def _load_bundle(ws: Workspace, signed: SignedFile,
                 trust: bool) -> tuple[merging.Parts | None, tuple[str, bytes] | None]:
    """Trust checked; the records parts ready to be read in batches while merging
    (their columns are checked before the merge, every row while it is read)."""
    m = signed.manifest
    new = check_trusted(ws, signed.device_id, m["device"]["name"], signed.public_key,
                        trust=trust, what=signed.label)
    if merging.previous_import(ws, m["bundle_id"]):
        return None, None
    return _record_parts(ws, signed), ((m["device"]["name"], signed.public_key) if new else None)


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


