"""Importing bundles into a headquarters of either engine (``storage.hq.open_hq``).

A workspace file imports as it always has (``bundle.import_bundles``).  On
PostgreSQL every file is verified by the same code before anything changes
(``container.open_signed``: structure, manifest, signature, signer; then every
row by the workspace's own checks, see storage/hq/postgres/merge.py) and merged
in its own transaction; one import runs at a time across every clerk's PC (a
second importer is told 另一个导入正在进行… and waits).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checklists.common.progress import Progress
from storage.hq import SqliteHQ
from storage.sync.devices import judge_signer
from storage.sync.merging import MergeReport

from .bundle import _OneOf, import_bundles
from .container import DEFAULT_MAX_SIZE, SignedFile, gc_paused, maybe_pause, open_signed


def import_to_hq(hq: Any, paths: Sequence[str | Path], *, trust: bool = False,
                 max_size: int = DEFAULT_MAX_SIZE, progress: Progress | None = None,
                 waiting: Callable[[str], None] | None = None) -> list[MergeReport]:
    """Verify every file, then merge them one by one, each in its own transaction."""
    if isinstance(hq, SqliteHQ):
        return import_bundles(hq.ws, paths, trust=trust, max_size=max_size, progress=progress,
                              waiting=waiting)
    with hq.writing(), hq.import_lock(progress=progress, waiting=waiting):
        vouch, seen = _vouch(hq, trust), set()
        for path in paths:                      # every file checked before the first change
            if progress:
                progress.check()
            signed = open_signed(path, kind="bundle", max_size=max_size, vouch=vouch)
            try:
                if signed.manifest["bundle_id"] in seen:
                    hq.check_rows(signed.manifest, signed.record_parts(), label=signed.label)
                seen.add(signed.manifest["bundle_id"])
            finally:
                signed.close()
        merged: set[str] = set()
        return [_import_one(hq, path, trust=trust, max_size=max_size, merged=merged,
                            progress=_OneOf(progress, n, len(paths), Path(path).name))
                for n, path in enumerate(paths)]


def _import_one(hq: Any, path: str | Path, *, trust: bool, max_size: int, merged: set[str],
                progress: Progress) -> MergeReport:
    signed = open_signed(path, kind="bundle", max_size=max_size, vouch=_vouch(hq, trust))
    try:
        bundle_id = signed.manifest["bundle_id"]
        earlier = hq.previous_import(bundle_id)
        if earlier:             # verify all of it before saying it was imported before
            if bundle_id in merged:
                hq.check_rows(signed.manifest, signed.record_parts(), label=signed.label)
            signed.verify_blobs()
            return earlier
        register = (signed.manifest["device"]["name"], signed.public_key) if signed.new_signer else None
        signed.blobs.start()
        with gc_paused():
            report = hq.merge(signed.manifest, signed.record_parts(), signed.blob_names(),
                              signed.read_blob, register=register, progress=progress,
                              pause_hook=lambda: maybe_pause("import"), label=signed.label)
        merged.add(bundle_id)
        return report
    finally:
        signed.close()


def _vouch(hq: Any, trust: bool) -> Callable[[SignedFile], bool]:
    """The signer must be registered with this key, or ``trust`` confirms a new one
    (``storage.sync.devices.judge_signer``, against the headquarters' devices)."""
    def vouch(signed: SignedFile) -> bool:
        return judge_signer(hq.device(signed.device_id), signed.device_id, signed.manifest["device"]["name"],
                            signed.public_key, trust=trust, what=signed.label)
    return vouch
