"""The on-site decisions: 现场处理措施决定书 (应急), 查封（扣押）决定书 with its 清单 and
解除查封（扣押）决定书 (应急 and 市场监管), and the rule that a 重大/严重 hazard does not
leave an inspection without a decision.

Like :mod:`export.issue`: ``build_*`` gather without writing, ``issue_*`` number,
render and store in one transaction.  A decision's particulars (the measure and its
object per finding; the seized items, seal numbers and term) are kept in
``Document.data`` so that a correction can rebuild it.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.messages import Listing, Msg
from checklists.common.progress import Progress
from checklists.common.vocabulary import (
    DocumentKind,
    Family,
    FindingState,
    HazardLevel,
    OnSiteMeasure,
    Rectification,
    ReleaseReason,
)
from export.docmodel import SEIZURE_MAX_DAYS, MeasureDoc, MeasureLine, ReleaseDoc, SeizedItem, SeizureDoc
from export.issue import (
    LIVE_STATES,
    _common,
    _dt,
    _findings,
    _issue,
    _line,
    _photos,
    citations,
    current_document,
    document_family,
    order_eligible,
)
from storage.records import Document, Finding
from storage.validate import check_column
from storage.workspace import Workspace


@dataclass(frozen=True)
class MeasureChoice:
    """The measure the inspector decided for one finding, and what it applies to."""

    finding_id: str
    measure: OnSiteMeasure
    object: str = ""


def _measure(value) -> OnSiteMeasure:
    try:
        return OnSiteMeasure(value)
    except ValueError:
        raise InvalidInput("现场处理措施", "“{value}”无效", hint="可选：{options}", value=value,
                           options=Listing(Msg("{code}（{label}）", code=m.value, label=m)
                                           for m in OnSiteMeasure)) from None


def measure_defaults(ws: Workspace, inspection_id: str) -> list[MeasureChoice]:
    """The preselection: 停止使用 for each live major finding whose rectification is
    停止使用 (the object is the finding's equipment when it names one)."""
    out = []
    for f in _findings(ws, inspection_id):
        if f.state in LIVE_STATES and f.rectification == Rectification.STOP_USE and f.level == HazardLevel.MAJOR:
            name = ws.equipment(f.equipment_id).name or "" if f.equipment_id else ""
            out.append(MeasureChoice(f.id, OnSiteMeasure.STOP_USE, name))
    return out


class Candidate(NamedTuple):
    """A finding a decision may carry: its number in the inspection's documents, what
    to offer for it, and whether to preselect it."""

    seq: int
    finding: Finding
    choice: MeasureChoice | None
    chosen: bool


def measure_candidates(ws: Workspace, inspection_id: str) -> list[Candidate]:
    """The live major findings a 现场处理措施决定书 may carry, each with the measure to
    offer, preselected as :func:`measure_defaults` does unless a live
    现场处理措施决定书 carries it already."""
    carried = current_document(ws, inspection_id, DocumentKind.MEASURE)
    done = set((carried.data or {}).get("findings", [])) if carried else set()
    chosen = {c.finding_id: c for c in measure_defaults(ws, inspection_id) if c.finding_id not in done}
    out = []
    for n, f in enumerate(_findings(ws, inspection_id), 1):
        if f.state in LIVE_STATES and f.level == HazardLevel.MAJOR:
            name = ws.equipment(f.equipment_id).name or "" if f.equipment_id else ""
            choice = chosen.get(f.id) or MeasureChoice(f.id, OnSiteMeasure.STOP_USE, name)
            out.append(Candidate(n, f, choice, f.id in chosen))
    return out


def _choices(ws: Workspace, inspection_id: str,
             choices: Iterable[MeasureChoice]) -> list[tuple[Finding, MeasureChoice]]:
    out = []
    for choice in choices:
        finding = ws.finding(choice.finding_id)
        if finding.inspection_id != inspection_id:
            raise InvalidInput("现场处理措施", "隐患 {fid} 不是本次检查的隐患",
                               hint="只能对本次检查发现的隐患作出现场处理措施决定", fid=finding.id)
        text = check_column("finding", "measure", choice.object or "")
        out.append((finding, MeasureChoice(finding.id, _measure(choice.measure), text.strip())))
    return out


def build_measure(ws: Workspace, inspection_id: str, choices: Iterable[MeasureChoice], *,
                  photos: bool = True) -> MeasureDoc:
    """现场处理措施决定书 of the chosen findings (no writes)."""
    insp = ws.inspection(inspection_id)
    lines = []
    for n, (f, choice) in enumerate(_choices(ws, inspection_id, choices), 1):
        basis, grounds = citations(ws, f, str(insp.family or Family.EMS))
        lines.append(MeasureLine(seq=n, description=f.description, measure=str(choice.measure),
                                 object=choice.object, level=str(f.level), basis=basis, grounds=grounds,
                                 item_ref=f.item_id or "",
                                 photos=_photos(ws, inspection_id, f) if photos else ()))
    return MeasureDoc(**_common(ws, insp, document_family(ws, insp)), found_on=_dt(insp.started_at).date(),
                      lines=tuple(lines), include_photos=photos)


def issue_measure(ws: Workspace, inspection_id: str, choices: Iterable[MeasureChoice], *, photos: bool = True,
                  supersedes_id: str | None = None, progress: Progress | None = None) -> Document:
    """Issue the 现场处理措施决定书.  A finding it carries that no order will carry (停止使用
    without a deadline) moves to 已责令整改; the others wait for the order."""
    chosen = _choices(ws, inspection_id, choices)
    doc = build_measure(ws, inspection_id, [c for _, c in chosen], photos=photos)
    moves = [] if supersedes_id else [(f.id, FindingState.ORDERED) for f, _ in chosen
                                      if f.state == FindingState.OPEN and not order_eligible(f, doc.family)]
    data = {"findings": [f.id for f, _ in chosen], "photos": photos,
            "measures": {f.id: {"measure": str(c.measure), "object": c.object} for f, c in chosen}}
    return _issue(ws, inspection_id, DocumentKind.MEASURE, doc, moves=moves, data=data,
                  supersedes_id=supersedes_id, progress=progress)


# ---------------------------------------------------------------- 查封（扣押）

def seizure_defaults(ws: Workspace, inspection_id: str) -> tuple[list[str], list[SeizedItem]]:
    """The major findings of the inspection not closed, and the inspection's equipment as
    the one item (seal numbers left to the inspector)."""
    findings = [f.id for f in _findings(ws, inspection_id)
                if f.state != FindingState.CLOSED and f.level == HazardLevel.MAJOR]
    insp = ws.inspection(inspection_id)
    items = []
    if insp.equipment_id:
        eq = ws.equipment(insp.equipment_id)
        items.append(SeizedItem(name=eq.name or eq.kind.label_zh, registration_no=eq.registration_no
                                or eq.register_code or "", location=eq.location or "", quantity="1台"))
    return findings, items


def seizure_candidates(ws: Workspace, inspection_id: str) -> list[Candidate]:
    """The findings a 查封（扣押）决定书 may rest on (not closed), the major ones preselected."""
    chosen = set(seizure_defaults(ws, inspection_id)[0])
    return [Candidate(n, f, None, f.id in chosen) for n, f in enumerate(_findings(ws, inspection_id), 1)
            if f.state != FindingState.CLOSED]


def _items(items: Iterable[SeizedItem | Mapping]) -> tuple[SeizedItem, ...]:
    out = []
    for item in items:
        values = dataclasses.asdict(item) if isinstance(item, SeizedItem) else dict(item)
        out.append(SeizedItem(**{k: check_column("finding", "measure", str(values.get(k) or "")).strip()
                                 for k in ("name", "registration_no", "location", "quantity", "seals")}))
    return tuple(out)


def build_seizure(ws: Workspace, inspection_id: str, finding_ids: Iterable[str],
                  items: Iterable[SeizedItem | Mapping], *, term_days: int = SEIZURE_MAX_DAYS,
                  photos: bool = True) -> SeizureDoc:
    """查封（扣押）决定书 and 清单: the findings are the reasons, ``items`` what is sealed."""
    insp = ws.inspection(inspection_id)
    found = [ws.finding(fid) for fid in finding_ids]
    stray = [f.id for f in found if f.inspection_id != inspection_id]
    if stray:
        raise InvalidInput("查封（扣押）理由", "隐患 {fid} 不是本次检查的隐患", fid=stray[0])
    lines = tuple(_line(ws, n, f, photos) for n, f in enumerate(found, 1))
    return SeizureDoc(**_common(ws, insp, document_family(ws, insp)), found_on=_dt(insp.started_at).date(),
                      findings=lines, items=_items(items), term_days=int(term_days), include_photos=photos)


def issue_seizure(ws: Workspace, inspection_id: str, finding_ids: Iterable[str],
                  items: Iterable[SeizedItem | Mapping], *, term_days: int = SEIZURE_MAX_DAYS,
                  photos: bool = True, supersedes_id: str | None = None,
                  progress: Progress | None = None) -> Document:
    """Issue the 查封（扣押）决定书 with its 清单; moves no finding (the order or the
    re-inspection does)."""
    finding_ids = list(finding_ids)
    doc = build_seizure(ws, inspection_id, finding_ids, items, term_days=term_days, photos=photos)
    data = {"findings": finding_ids, "items": [dataclasses.asdict(i) for i in doc.items],
            "term_days": doc.term_days, "photos": photos}
    return _issue(ws, inspection_id, DocumentKind.SEIZURE, doc, data=data, supersedes_id=supersedes_id,
                  progress=progress)


def seizure_ends(seizure: Document) -> date:
    """The last day of the term (the day of issue is not counted)."""
    return _dt(seizure.issued_at).date() + timedelta(days=int((seizure.data or {}).get("term_days", 0)))


def _released(ws: Workspace, seizure: Document) -> Document | None:
    for doc in ws.documents(inspection_id=seizure.inspection_id, kind=str(DocumentKind.RELEASE)):
        if (doc.data or {}).get("seizure_id") == seizure.id and ws.superseded_by(doc.id) is None:
            return doc
    return None


def live_seizures(ws: Workspace, inspection_id: str) -> list[Document]:
    """The inspection's seizures in force: not superseded, not released."""
    docs = ws.documents(inspection_id=inspection_id, kind=str(DocumentKind.SEIZURE))
    return [d for d in docs if ws.superseded_by(d.id) is None and _released(ws, d) is None]


def _closing_review(ws: Workspace, finding_ids: list[str]) -> str:
    """The number of the 整改复查意见书 that closed the last of the findings."""
    closing = [e for fid in finding_ids for e in ws.finding_events(fid)
               if e.state == FindingState.CLOSED and e.document_id]
    return ws.document(max(closing, key=lambda e: e.at).document_id).number if closing else ""


def build_release(ws: Workspace, seizure_id: str, reason: ReleaseReason | str = ReleaseReason.REMOVED) -> ReleaseDoc:
    """解除查封（扣押）决定书 of a seizure.  Refused while the seizure's hazards are not
    all closed by a re-inspection (reason ``removed``), or before its term ends (``expired``)."""
    seizure = ws.document(seizure_id)
    if DocumentKind(seizure.kind) != DocumentKind.SEIZURE:
        raise InvalidInput("查封（扣押）决定书", "文书 {number} 不是查封（扣押）决定书", number=seizure.number)
    if (newer := ws.superseded_by(seizure_id) or _released(ws, seizure)) is not None:
        raise DocumentError("查封（扣押）决定书 {number} 已被 {newer} 取代或解除",
                            hint="不能重复解除", number=seizure.number, newer=newer.number)
    reason = ReleaseReason(reason)
    data = seizure.data or {}
    findings = list(data.get("findings", []))
    if reason == ReleaseReason.REMOVED:
        open_ = [f for f in map(ws.finding, findings) if f.state != FindingState.CLOSED]
        if open_:
            raise DocumentError("查封（扣押）所依据的{n}项隐患尚未经复查销号，不能以“事故隐患已消除”解除",
                                hint="请先复查并出具整改复查意见书（已整改）；期限届满的，选择“期限届满”解除",
                                n=len(open_))
    elif ws.today() <= seizure_ends(seizure):
        raise DocumentError("查封（扣押）期限至{ends}，尚未届满",
                            hint="事故隐患已消除的，复查销号后以“事故隐患已消除”解除",
                            ends=seizure_ends(seizure).isoformat())
    insp = ws.inspection(seizure.inspection_id)
    return ReleaseDoc(**_common(ws, insp, str(data.get("family") or document_family(ws, insp))),
                      seizure_number=seizure.number, seizure_date=_dt(seizure.issued_at).date(),
                      items=_items(data.get("items", [])), reason=str(reason),
                      review_number=_closing_review(ws, findings) if reason == ReleaseReason.REMOVED else "")


def issue_release(ws: Workspace, seizure_id: str, reason: ReleaseReason | str = ReleaseReason.REMOVED, *,
                  supersedes_id: str | None = None, progress: Progress | None = None) -> Document:
    """Issue the 解除查封（扣押）决定书 (stored with the seizure's inspection)."""
    seizure = ws.document(seizure_id)
    doc = build_release(ws, seizure_id, reason)
    data = {"seizure_id": seizure_id, "reason": doc.reason, "findings": []}
    return _issue(ws, seizure.inspection_id, DocumentKind.RELEASE, doc, data=data, supersedes_id=supersedes_id,
                  progress=progress)


def release_due(ws: Workspace, inspection_id: str) -> list[Document]:
    """Live seizures of the inspection whose hazards the re-inspection has all closed."""
    return [s for s in live_seizures(ws, inspection_id)
            if all(ws.finding(fid).state == FindingState.CLOSED for fid in (s.data or {}).get("findings", []))]


# ---------------------------------------------------------------- the rule

@dataclass(frozen=True)
class Gap:
    """A 重大/严重 hazard no decision carries: which finding (``seq`` is its number in
    the inspection's documents), what is missing, and the documents that would carry
    it, the usual one first (closing it on the spot also settles it)."""

    finding: Finding
    message: Msg
    seq: int = 0
    remedies: tuple[DocumentKind, ...] = ()


def remedies(finding: Finding, family: str) -> tuple[DocumentKind, ...]:
    """The documents that carry a 重大/严重 finding as the rule asks: for 特种设备 the
    查封（扣押）决定书 (检查办法第二十六条); for 应急 the order when it can carry the
    finding (not 停止使用 without a deadline), else the 现场处理措施决定书, or a seizure."""
    if family == Family.SAMR:
        return (DocumentKind.SEIZURE,)
    first = (DocumentKind.ORDER,) if order_eligible(finding, family) else ()
    return (*first, DocumentKind.MEASURE, DocumentKind.SEIZURE)


DONE_STATES = (FindingState.RECTIFIED, FindingState.CLOSED)


def handling_gaps(ws: Workspace, inspection_id: str) -> list[Gap]:
    """The inspection's 重大 (应急) / 严重 (特种设备) findings that no live order or
    现场处理措施决定书 (应急), or 查封（扣押）决定书 (特种设备安全监督检查办法第二十六条:
    unless fixed on the spot) carries; a finding closed on the spot is fine."""
    insp = ws.inspection(inspection_id)
    family = document_family(ws, insp)
    kinds = (DocumentKind.SEIZURE,) if family == Family.SAMR else (
        DocumentKind.ORDER, DocumentKind.MEASURE, DocumentKind.SEIZURE)
    carried = {fid for kind in kinds if (doc := current_document(ws, inspection_id, kind))
               for fid in (doc.data or {}).get("findings", [])}
    gaps = []
    for n, f in enumerate(_findings(ws, inspection_id), 1):
        # rectified or closed: the hazard is reported removed (by an order issued on another
        # device, say), so no document can carry it any more and none is needed for it
        if f.level != HazardLevel.MAJOR or f.state in DONE_STATES or f.id in carried:
            continue
        what = Msg("第{n}项严重事故隐患（{description}）既未查封（扣押），也未当场整改" if family == Family.SAMR
                   else "第{n}项重大事故隐患（{description}）没有出具责令限期整改指令书或现场处理措施决定书",
                   n=n, description=f.description[:24])
        gaps.append(Gap(f, what, n, remedies(f, family)))
    return gaps


def check_handled(ws: Workspace, inspection_id: str) -> None:
    """DocumentError naming what to issue when :func:`handling_gaps` finds any."""
    gaps = handling_gaps(ws, inspection_id)
    if not gaps:
        return
    samr = document_family(ws, ws.inspection(inspection_id)) == Family.SAMR
    listed = gaps[0].message
    for gap in gaps[1:3]:
        listed = Msg("{before}；{after}", before=listed, after=gap.message)
    err = DocumentError(
        "{gaps}等，不能出具现场检查记录" if len(gaps) > 3 else "{gaps}，不能出具现场检查记录",
        hint="特种设备存在严重事故隐患的，应当依法查封、扣押（特种设备安全监督检查办法第二十六条）："
             "请出具查封（扣押）决定书；当场整改完毕的，选中该隐患点“当场整改销号”" if samr else
             "请先出具责令限期整改指令书（限期整改），或现场处理措施决定书（停止使用、撤出作业人员、暂时停产停业），"
             "再出具现场检查记录", gaps=listed)
    err.field = "重大事故隐患的处理"
    raise err


def reissue_decision(ws: Workspace, old: Document, *, progress: Progress | None = None) -> Document:
    """A correction of a decision from its stored particulars."""
    data, kind = old.data or {}, DocumentKind(old.kind)
    photos = bool(data.get("photos", True))
    if kind == DocumentKind.MEASURE:
        choices = [MeasureChoice(fid, OnSiteMeasure(m["measure"]), m.get("object", ""))
                   for fid, m in data.get("measures", {}).items()]
        return issue_measure(ws, old.inspection_id, choices, photos=photos, supersedes_id=old.id,
                             progress=progress)
    if kind == DocumentKind.SEIZURE:
        return issue_seizure(ws, old.inspection_id, data.get("findings", []), data.get("items", []),
                             term_days=data.get("term_days", SEIZURE_MAX_DAYS), photos=photos,
                             supersedes_id=old.id, progress=progress)
    raise DocumentError("不支持更正该类文书：{kind}", kind=kind,
                        hint="解除查封（扣押）决定书如有错误，请重新出具查封（扣押）决定书后再解除")
