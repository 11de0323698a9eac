"""The 挂牌督办通知书: built from a listing (storage/supervision.py) and issued like the
other documents (numbered, stored, never changed; a correction supersedes it).

``build_notice`` gathers without writing (the preview); ``issue_notice`` takes the
next number of the family's 督办 series, renders, stores the PDF and records it
on the listing (``supervision.notice_document_id``) in one transaction.  The
document belongs to the inspection that found the hazard, so it is listed with
that inspection's documents; it moves no finding.
"""
from __future__ import annotations

from datetime import date

from checklists.common.errors import DocumentError
from checklists.common.progress import Progress
from checklists.common.vocabulary import ORDER_KINDS, DocumentKind, FindingState
from export.docmodel import SupervisionDoc
from export.fonts import load_fonts
from export.issue import _common, _issue, _line, document_family
from storage.records import Document
from storage.supervision import Supervision
from storage.workspace import Workspace


def order_number(ws: Workspace, finding_id: str) -> str:
    """The number of the newest 指令书 that ordered the finding (or "")."""
    for event in reversed(ws.finding_events(finding_id)):
        if event.state == FindingState.ORDERED and event.document_id:
            doc = ws.document(event.document_id)
            if DocumentKind(doc.kind) in ORDER_KINDS:
                return doc.number
    return ""


def build_notice(ws: Workspace, supervision_id: str) -> SupervisionDoc:
    """The notice of a listing as it would be issued today (nothing written)."""
    listed = ws.supervision(supervision_id)
    if listed.delisted_on:
        raise DocumentError("该挂牌督办已于 {day} 摘牌，不能再出具通知书", hint="摘牌后无需督办",
                            day=listed.delisted_on)
    finding = ws.finding(listed.finding_id)
    insp = ws.inspection(finding.inspection_id)
    family = document_family(ws, insp)
    return SupervisionDoc(**_common(ws, insp, family), supervisor=listed.supervisor,
                          listed_on=date.fromisoformat(listed.listed_on),
                          deadline=date.fromisoformat(listed.deadline),
                          found_on=date.fromisoformat(insp.started_at[:10]),
                          order_number=order_number(ws, finding.id),
                          findings=(_line(ws, 1, finding, photos=False),))


def issue_notice(ws: Workspace, supervision_id: str, *, supersedes_id: str | None = None,
                 progress: Progress | None = None) -> Document:
    """Issue the listing's 挂牌督办通知书 and record it on the listing, in one transaction."""
    doc = build_notice(ws, supervision_id)
    load_fonts()                      # before the write transaction (cached per process)
    finding = ws.finding(ws.supervision(supervision_id).finding_id)
    with ws.transaction():
        issued = _issue(ws, finding.inspection_id, DocumentKind.SUPERVISION, doc,
                        data={"supervision_id": supervision_id, "finding_ids": [finding.id]},
                        supersedes_id=supersedes_id, progress=progress)
        ws.attach_supervision_notice(supervision_id, issued.id)
    return issued


def list_with_notice(ws: Workspace, finding_id: str, *, deadline: date | str,
                     listed_on: date | str | None = None, notice: bool = True,
                     progress: Progress | None = None) -> tuple[Supervision, Document | None]:
    """Put a finding under supervision and (``notice``) issue its 挂牌督办通知书, in one
    transaction: a refused notice (no department, text too long) lists nothing."""
    load_fonts()
    with ws.transaction():
        listed = ws.list_supervision(finding_id, deadline=deadline, listed_on=listed_on)
        doc = issue_notice(ws, listed.id, progress=progress) if notice else None
    return ws.supervision(listed.id), doc


def reissue_notice(ws: Workspace, old: Document, *, progress: Progress | None = None) -> Document:
    """A correction: the notice issued again from the listing as it is now."""
    supervision_id = (old.data or {}).get("supervision_id")
    if not supervision_id:
        raise DocumentError("文书 {number} 没有记录其挂牌督办", hint="无法据此更正", number=old.number)
    return issue_notice(ws, supervision_id, supersedes_id=old.id, progress=progress)

