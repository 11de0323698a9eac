"""Photos and other blobs in the workspace: stored once by SHA-256, never altered.

A photo row points at three blobs: the original bytes as captured, the
normalised JPEG (orientation applied, long side capped) and the thumbnail;
``storage.photos`` makes them.  An annotation is a new photo derived from the
old one, which stays.  Issued PDFs are blobs too.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import inputs
from .records import Photo

if TYPE_CHECKING:
    from .photos import ProcessedPhoto
    from .workspace import Workspace


def put_blob(ws: Workspace, data: bytes, digest: str | None = None) -> str:
    """Store ``data`` under its SHA-256 (once); returns the digest."""
    digest = digest or hashlib.sha256(data).hexdigest()
    ws.execute("INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?, ?, ?)",
               [digest, len(data), data])
    return digest


def store(ws: Workspace, processed: ProcessedPhoto, **links: Any) -> Photo:
    """Store a processed photo's blobs and its row in one transaction."""
    with ws.transaction():
        for data, digest in ((processed.original, processed.sha256),
                             (processed.normal, processed.normal_sha256),
                             (processed.thumb, None)):
            put_blob(ws, data, digest)
        row = {
            **links,
            "original_sha256": processed.sha256,
            "normal_sha256": processed.normal_sha256,
            "thumb_sha256": hashlib.sha256(processed.thumb).hexdigest(),
            "original_name": inputs.file_name(processed.original_name), "mime": processed.mime,
            "width": processed.width, "height": processed.height,
            "taken_at": processed.taken_at,
            "gps_lat": processed.gps[0] if processed.gps else None,
            "gps_lon": processed.gps[1] if processed.gps else None,
        }
        return Photo.from_row(ws._insert("photo", row))


def store_annotated(ws: Workspace, source: Photo, jpeg: bytes, caption: str | None) -> Photo:
    """An annotated copy of ``source`` as a new photo, keeping its time and place."""
    from .photos import process_photo

    processed = process_photo(jpeg, f"annotated-{source.original_name or 'photo'}.jpg")
    gps = (source.gps_lat, source.gps_lon) if source.gps_lat is not None else None
    processed = replace(processed, taken_at=source.taken_at, gps=gps)  # annotate drops EXIF
    return store(ws, processed, inspection_id=source.inspection_id, finding_id=source.finding_id,
                 checklist_hash=source.checklist_hash, item_id=source.item_id,
                 caption=caption if caption is not None else source.caption,
                 derived_from=source.id)
