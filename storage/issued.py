"""Issued documents: numbered, immutable.

``issue`` takes the next number of a series, renders, stores the PDF bytes (as a
blob, by SHA-256) and moves the findings the document carries, all in one
transaction, so a number is used exactly once even after a crash.  An issued
document is never changed; a correction is a new document that supersedes it.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from checklists.common.errors import DocumentError
from checklists.common.vocabulary import DocumentKind, FindingState

from . import inputs, numbering, photo_store
from .ids import iso
from .records import Document

if TYPE_CHECKING:
    from .workspace import Workspace


def issue(ws: Workspace, inspection_id: str, kind: DocumentKind | str, *, series: str,
          format_number: Callable[[int, int], str],
          render: Callable[[str, datetime], tuple[bytes, str]],
          data: Mapping[str, Any] | None, transitions: Sequence[tuple[str, FindingState]],
          supersedes_id: str | None, issued_at: datetime | None) -> Document:
    """See ``Workspace.issue_document``."""
    doc_kind = inputs.enum_value(DocumentKind, kind, "文书种类")
    ws.inspection(inspection_id)
    moment = issued_at or ws.clock()
    with ws.transaction():
        if supersedes_id:
            ws.document(supersedes_id)
        number = format_number(numbering.take_number(ws, series, moment.year), moment.year)
        pdf, content_hash = render(number, moment)
        values = {
            "inspection_id": inspection_id, "kind": str(doc_kind), "number": number,
            "issued_at": iso(moment), "pdf_sha256": photo_store.put_blob(ws, pdf),
            "content_hash": content_hash, "supersedes_id": supersedes_id,
            "data": json.dumps(dict(data or {}), ensure_ascii=False, default=str),
        }
        try:
            row = ws._insert("document", values, action="issue")
        except sqlite3.IntegrityError as err:
            raise DocumentError("文书编号 {number} 已被使用",
                                hint="请检查文书编号前缀或编号段设置", number=number) from err
        for finding_id, state in transitions:
            ws.transition(finding_id, state, at=moment, document_id=row["id"],
                         inspection_id=inspection_id)
    return Document.from_row(row)


def by_number(ws: Workspace, number: str) -> dict[str, Any] | None:
    """The ledger's document of ``number`` (for verification): its content hash, its
    PDF bytes and the number of the document that supersedes it (None if none)."""
    row = ws.execute("SELECT d.content_hash, d.pdf_sha256, n.number FROM document d "
                     "LEFT JOIN document n ON n.supersedes_id = d.id AND n.deleted = 0 "
                     "WHERE d.number = ? AND d.deleted = 0", [number]).fetchone()
    if row is None:
        return None
    return {"content_hash": row[0], "pdf": ws.blob(row[1]), "superseded_by": row[2]}
