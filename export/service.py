"""送达回证: the proof that one or more issued documents of an inspection were served.

``service_particulars`` checks what the inspector entered (the GUI's dialog and
the CLI's JSON/YAML file give the same keys, ``PARTICULARS``);
``build_service`` gathers the document without writing; ``issue_service``
numbers, renders and stores it in one transaction.  The particulars and the
served documents' ids are kept in ``Document.data``, so a correction
(``export.issue.reissue``) rebuilds it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.messages import Listing, Msg
from checklists.common.progress import Progress
from checklists.common.vocabulary import DocumentKind, ServiceMethod
from export.docmodel import ServedDocument, ServiceDoc
from export.issue import KIND_LABELS, _common, _dt, _issue, document_family
from export.servicemodel import LABELS, LIMITS
from storage.records import Document
from storage.validate import clean_text
from storage.workspace import Workspace

# The kinds that are never served: the 送达回证 itself and the 询问笔录 (signed on the spot).
NOT_SERVED = (DocumentKind.SERVICE, DocumentKind.INTERVIEW)
TEXT_KEYS = ("place", "proxy", "proxy_reason", "refusal", "witness", "recorded", "tracking_no",
             "e_address", "entrusted_to", "note")
PARTICULARS = ("method", "served_at", "consent", *TEXT_KEYS)
_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(:\d{2})?$")


def parse_moment(value: datetime | str, field: str) -> datetime:
    """A date and time as entered (``2026-11-20 10:30`` or ISO), to the minute."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = _MOMENT.match(str(value or "").strip())
    if match:
        try:
            return datetime(*map(int, match.groups()[:5]))
        except ValueError:
            pass
    raise InvalidInput(field, "时间无效：{value}", hint="请按 2026-11-20 10:30 的格式填写", value=value)


def check_keys(values: Mapping, allowed: Sequence[str], what: str) -> None:
    """InvalidInput naming the keys of ``values`` not in ``allowed`` (a typo in a file)."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise InvalidInput(what, "未知的项目：{unknown}", hint="可用的项目：{allowed}",
                           unknown=Listing(unknown), allowed=Listing(allowed))


def service_particulars(values: Mapping) -> dict:
    """The particulars of a service checked and cleaned (JSON-ready); InvalidInput
    names the first wrong one.  Which particulars a 送达方式 needs is checked
    when the document is built (export.servicemodel)."""
    check_keys(values, PARTICULARS, "送达回证")
    try:
        method = ServiceMethod(values.get("method") or ServiceMethod.DIRECT)
    except ValueError:
        options = Listing(Msg("{code}（{label}）", code=m.value, label=m) for m in ServiceMethod)
        raise InvalidInput("送达方式", "“{value}”无效", hint="可选：{options}", value=values.get("method"),
                           options=options) from None
    out: dict = {"method": str(method)}
    if values.get("served_at"):
        out["served_at"] = parse_moment(values["served_at"], "送达时间").isoformat(timespec="minutes")
    out["consent"] = bool(values.get("consent", False))
    for key in TEXT_KEYS:
        out[key] = clean_text(str(values.get(key) or ""), LABELS[key], limit=LIMITS[key])
    return out


def _served(ws: Workspace, inspection_id: str, document_ids: Sequence[str], *,
            allow_superseded: bool) -> list[Document]:
    if not document_ids:
        raise DocumentError("没有选择要送达的文书，无法出具送达回证", hint="请在已出具的文书中选择本次送达的文书")
    if len(set(document_ids)) != len(document_ids):
        raise InvalidInput("送达文书", "同一份文书选择了两次")
    docs = [ws.document(d) for d in document_ids]
    for doc in docs:
        label = DocumentKind(doc.kind) if doc.kind in KIND_LABELS else doc.kind
        if doc.inspection_id != inspection_id:
            raise DocumentError("{label} {number} 不是本次检查的文书", hint="一份送达回证只列同一次检查的文书",
                                label=label, number=doc.number)
        if DocumentKind(doc.kind) in NOT_SERVED:
            raise DocumentError("{label} {number} 不需要送达", hint="请只选择需要送达被检查单位的文书",
                                label=label, number=doc.number)
        newer = ws.superseded_by(doc.id)
        if newer is not None and not allow_superseded:
            raise DocumentError("{label} {number} 已被 {newer} 更正取代，不应再送达",
                                hint="请送达更正后的文书 {newer}", label=label, number=doc.number,
                                newer=newer.number)
    return sorted(docs, key=lambda d: d.issued_at)


def build_service(ws: Workspace, inspection_id: str, document_ids: Sequence[str], particulars: Mapping, *,
                  _reissue: bool = False) -> ServiceDoc:
    """The 送达回证 of ``document_ids`` (issued documents of the inspection); no writes."""
    insp = ws.inspection(inspection_id)
    values = service_particulars(particulars)
    docs = _served(ws, inspection_id, document_ids, allow_superseded=_reissue)
    served = tuple(ServedDocument(KIND_LABELS.get(d.kind, d.kind), d.number, _dt(d.issued_at).date())
                   for d in docs)
    when = datetime.fromisoformat(values["served_at"]) if values.get("served_at") else None
    texts = {("refused" if k == "refusal" else k): values[k] for k in TEXT_KEYS}
    return ServiceDoc(**_common(ws, insp, document_family(ws, insp)), documents=served,
                      method=values["method"], served_at=when, consent=values["consent"], **texts)


def issue_service(ws: Workspace, inspection_id: str, document_ids: Sequence[str], particulars: Mapping, *,
                  supersedes_id: str | None = None, progress: Progress | None = None) -> Document:
    """Issue the 送达回证 (numbered, stored); it moves no finding."""
    doc = build_service(ws, inspection_id, document_ids, particulars, _reissue=supersedes_id is not None)
    data = {"documents": list(document_ids), "particulars": service_particulars(particulars)}
    return _issue(ws, inspection_id, DocumentKind.SERVICE, doc, data=data, supersedes_id=supersedes_id,
                  progress=progress)


def servable(ws: Workspace, inspection_id: str) -> list[Document]:
    """The inspection's issued documents that may be listed on a 送达回证 (not
    superseded, not a 送达回证 or 询问笔录), oldest first."""
    docs = [d for d in ws.documents(inspection_id=inspection_id)
            if DocumentKind(d.kind) not in NOT_SERVED and ws.superseded_by(d.id) is None]
    return sorted(docs, key=lambda d: d.issued_at)
