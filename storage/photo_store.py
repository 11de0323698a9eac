"""Photos and other blobs in the workspace: stored once by SHA-256, never altered.

A photo row points at three blobs: the original bytes as captured, the
normalised JPEG (orientation applied, long side capped) and the thumbnail;
``storage.photos`` makes them, and the normal photo's print rendition, kept
beside it (``print_rendition``, local and derived: not in the row).  An annotation is a new photo derived from the
old one (``derived_from``), which stays as evidence; the newest version of a
photo (one no live photo derives from) is the one shown and printed.  Each row
records who added it (``taken_by``).  Issued PDFs are blobs too.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from . import inputs
from .records import Photo

if TYPE_CHECKING:
    from .photos import ProcessedPhoto
    from .printsize import PrintPhoto
    from .records import Inspection
    from .workspace import Workspace

ANNOTATED_SUFFIX = "-annotated"
# The newest version of each photo: no live photo is derived from it.
LATEST_SQL = ("NOT EXISTS (SELECT 1 FROM photo d WHERE d.derived_from = photo.id "
              "AND d.deleted = 0)")


def current_inspector(configured: Iterable[Mapping[str, str]],
                      on_inspection: Iterable[Mapping[str, str]]) -> str | None:
    """Who adds a photo now: the workspace's current inspector (the first of the
    configured inspectors who is on the inspection), else the inspection's first
    inspector; None when the inspection names nobody."""
    people = [p for p in on_inspection if p.get("name")]
    certs = {p.get("cert_no") for p in people}
    for person in configured:
        if person.get("name") and person.get("cert_no") in certs:
            return next(p["name"] for p in people if p.get("cert_no") == person.get("cert_no"))
    return people[0]["name"] if people else None


def taken_by(ws: Workspace, inspection: Inspection) -> str | None:
    """The inspector recorded as adding a photo to ``inspection`` now."""
    return current_inspector(ws.setting("inspectors") or [], inspection.inspectors)


def first_added(ws: Workspace, photos: list[Photo]) -> list[Photo]:
    """``photos`` ordered by when the first version of each was added, so an
    annotated copy stands where the photo it was drawn on stood."""
    def first(photo: Photo) -> tuple[str, str]:
        seen = {photo.id}
        while photo.derived_from and photo.derived_from not in seen:
            photo = ws.photo(photo.derived_from)
            seen.add(photo.id)
        return photo.created_at, photo.id  # ids are time-ordered (UUIDv7): ties keep their order
    return sorted(photos, key=first)


def annotated_name(name: str | None) -> str:
    """The file name of an annotated copy: ``IMG_1.JPG`` -> ``IMG_1-annotated.jpg``
    (one extension, one suffix however often the photo is annotated)."""
    stem = PurePath(name or "photo").stem or "photo"
    if not stem.endswith(ANNOTATED_SUFFIX):
        stem += ANNOTATED_SUFFIX
    return f"{stem}.jpg"


def put_blob(ws: Workspace, data: bytes, digest: str | None = None) -> str:
    """Store ``data`` under its SHA-256 (once); returns the digest."""
    digest = digest or hashlib.sha256(data).hexdigest()
    ws.execute("INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?, ?, ?)",
               [digest, len(data), data])
    return digest


def put_print(ws: Workspace, normal_sha256: str, printed: PrintPhoto) -> None:
    """Keep the print rendition of the normal photo ``normal_sha256`` (once)."""
    digest = put_blob(ws, printed.jpeg)
    ws.execute("INSERT OR IGNORE INTO print_rendition (normal_sha256, print_sha256, width, height) "
               "VALUES (?, ?, ?, ?)", [normal_sha256, digest, printed.width, printed.height])


def print_photo(ws: Workspace, normal_sha256: str) -> PrintPhoto | None:
    """The stored print rendition of a normal photo; None when it has none or its
    bytes do not hash to their recorded digest."""
    from .printsize import PrintPhoto

    row = ws.conn.execute(
        "SELECT r.print_sha256, r.width, r.height, b.data FROM print_rendition r "
        "JOIN blob b ON b.sha256 = r.print_sha256 WHERE r.normal_sha256 = ?", [normal_sha256]).fetchone()
    if row is None or hashlib.sha256(row[3]).hexdigest() != row[0]:
        return None
    return PrintPhoto(bytes(row[3]), row[1], row[2])


def store(ws: Workspace, processed: ProcessedPhoto, **links: Any) -> Photo:
    """Store a processed photo's blobs and its row in one transaction."""
    with ws.transaction():
        for data, digest in ((processed.original, processed.sha256),
                             (processed.normal, processed.normal_sha256),
                             (processed.thumb, None)):
            put_blob(ws, data, digest)
        if processed.printed:
            put_print(ws, processed.normal_sha256, processed.printed)
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
    """An annotated copy of ``source`` as a new photo, keeping its time, place and
    who took it; ``source`` stays, linked by ``derived_from``."""
    from .photos import process_photo

    processed = process_photo(jpeg, annotated_name(source.original_name))
    gps = (source.gps_lat, source.gps_lon) if source.gps_lat is not None else None
    processed = replace(processed, taken_at=source.taken_at, gps=gps)  # annotate drops EXIF
    return store(ws, processed, inspection_id=source.inspection_id, finding_id=source.finding_id,
                 checklist_hash=source.checklist_hash, item_id=source.item_id,
                 caption=caption if caption is not None else source.caption,
                 derived_from=source.id, taken_by=source.taken_by)
