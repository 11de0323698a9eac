"""The headquarters -> field pack: new checklist versions, the enterprise and
equipment registries, and document-number blocks per device, in the same signed
container as the sync bundle (see ``export.sync.container``).

GUI entry points: ``export_pack`` (headquarters) and ``import_pack`` (laptop).

With a PostgreSQL headquarters (``hq_url``) the pack is made at the issuing desk: from
its workspace (signing key, checklists, number blocks, plans, listings, certificates),
with the enterprise and equipment registries united with the database's
(``storage.sync.packs.UnionSource``).  The file's format does not change.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checklists.common.errors import InvalidInput
from checklists.common.progress import Progress
from storage import certs
from storage.sync import packs
from storage.sync.devices import ensure_device_key
from storage.sync.merging import MergeReport, previous_import, read_snapshot
from storage.sync.selection import TableSource
from storage.workspace import Workspace

from .container import (
    DEFAULT_MAX_SIZE,
    Part,
    open_signed,
    records_part,
    refuse_own_workspace,
    sync_file_path,
    trusted_signer,
    write_file,
)


def export_pack(ws: Workspace, out: str | Path, *, hq_url: str | None = None,
                progress: Progress | None = None) -> dict:
    """Write a signed pack of everything the field devices need; returns its manifest.
    ``out`` without an ending gets ``.scpack`` (``sync_file_path``).  With ``hq_url`` (a
    PostgreSQL headquarters; reading is enough) the registries are the union of this
    workspace's and the database's, read in one snapshot, and the manifest's counts say
    how many rows came from the database (``enterprise_from_hq``, ``equipment_from_hq``)."""
    out = sync_file_path(out, "pack")
    ensure_device_key(ws)
    with read_snapshot(ws), _hq_registries(hq_url) as hq_rows:
        sources = packs.select_pack(ws, hq_rows)
        parts = [_records_part(ws, src) for src in sources]
        parts += [_trust_part(table, rows) for table, rows in certs.pack_rows(ws).items()]
        return write_file(ws, out, "pack", {}, parts, progress=progress,
                          late_counts=lambda: packs.from_hq_counts(sources))


@contextmanager
def _hq_registries(hq_url: str | None) -> Iterator[packs.HqRows | None]:
    """The registry reader of the PostgreSQL headquarters at ``hq_url`` in one snapshot
    (None without an address)."""
    if not hq_url:
        yield None
        return
    from storage.hq import is_url, open_hq

    if not is_url(hq_url):
        raise InvalidInput("局机关数据库", "不是 PostgreSQL 地址：{value}", value=hq_url,
                           hint="形如 postgresql://用户@主机/数据库；工作区文件无需初始化")
    with open_hq(hq_url) as hq, hq.registry_snapshot() as reader:
        yield reader.rows


def _records_part(ws: Workspace, src: TableSource | packs.UnionSource) -> Part:
    if isinstance(src, packs.UnionSource):
        return Part(f"records/{src.table}.ndjson", lambda: packs.union_chunks(ws, src))
    return records_part(ws, src)


def _trust_part(table: str, rows: list[list]) -> Part:
    """Keys, certificates or revocations as a records part (few rows: made in memory)."""
    def chunks() -> Iterator[bytes]:
        yield (json.dumps(list(certs.TRUST_COLUMNS[table])) + "\n").encode("utf-8")
        for row in rows:
            yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    return Part(f"records/{table}.ndjson", chunks)


def import_pack(ws: Workspace, path: str | Path, *, trust: bool = False,
                max_size: int = DEFAULT_MAX_SIZE,
                progress: Progress | None = None) -> MergeReport:
    """Verify a pack (signed by a trusted headquarters) and install it in one transaction."""
    refuse_own_workspace(ws, path)
    signed = open_signed(path, kind="pack", max_size=max_size,
                         vouch=trusted_signer(ws, trust=trust))
    try:
        m = signed.manifest
        earlier = previous_import(ws, m["bundle_id"])
        if earlier:             # verified in full by open_signed (a pack has no blobs)
            return earlier
        tables = signed.records()
        packs.check_pack(ws, tables)
        register = (m["device"]["name"], signed.public_key) if signed.new_signer else None
        return packs.merge_pack(ws, m, tables, register=register, progress=progress)
    finally:
        signed.close()
