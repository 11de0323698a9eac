"""Issue enforcement documents from a workspace (the GUI and the CLI call these).

``build_*`` gather a document's data from the workspace without writing anything
(previews render them with :func:`export.documents.render`); ``issue_*`` take the
next number, render, store the PDF and move the findings in one transaction
through :meth:`storage.workspace.Workspace.issue_document`, so a failure leaves
no number used and nothing changed.  ``reissue`` corrects a document: a new
number that supersedes the old one; both stay in the record.

Settings read (see docs/documents.md): ``department`` (应急管理) and
``department_samr`` (市场监督管理), as the first-run set-up writes them: there is
no built-in department, so a family without one is refused before a number is
taken; ``doc_prefix``, ``doc_family``, ``number_patterns``, ``seal_png``; number blocks
from headquarters are applied by the workspace counter (setting ``number_blocks``,
series ``"<code>:<prefix>"``, e.g. ``"责改:A07-"``).
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from checklists.common.errors import DocumentError, InvalidInput, NotFound
from checklists.common.messages import Listing, Msg
from checklists.common.progress import Progress, Steps
from checklists.common.vocabulary import (
    ORDER_KINDS,
    CitationRole,
    DocumentKind,
    EquipmentKind,
    Family,
    FindingState,
    HazardLevel,
    Rectification,
    Result,
    TaskSource,
    local_time,
)
from export import onsite, pades, signing
from export.docmodel import (
    DOCUMENT_CODES,
    NUMBER_PATTERNS,
    Department,
    FindingLine,
    Inspector,
    Opinion,
    OrderDoc,
    PhotoRef,
    RecordDoc,
    Refusal,
    ReviewDoc,
    ReviewLine,
    SectionSummary,
    Unit,
    format_number,
    validate,
)
from export.documents import render_hashed
from export.fonts import load_fonts
from export.pdf.photos import PRINT_CACHE, Prepared
from storage import inputs, reinspection, setting_store
from storage.findings import inspected_sector, is_default_description
from storage.ledger import FindingQuery
from storage.records import Document, Finding, Inspection
from storage.reinspection import Verdict
from storage.validate import TEXT_RULES, check_column
from storage.workspace import Workspace

__all__ = [
    "KIND_LABELS",
    "PREVIEW_NUMBER",
    "DocumentRow",
    "IssueSettings",
    "Opinion",
    "build_order",
    "build_record",
    "build_review",
    "conclude_review",
    "current_document",
    "document_rows",
    "issue_order",
    "issue_record",
    "issue_review",
    "issue_settings",
    "needs_setup",
    "prepare_photos",
    "reissue",
    "review_candidates",
    "task_source_text",
]

PREVIEW_NUMBER = "（预览，未编号）"

SETUP_FIELD = "执法部门设置"     # DocumentError.field when the set-up must be run first
KIND_LABELS = {str(k): k.label_zh for k in DocumentKind}
LIVE_STATES = (FindingState.OPEN, FindingState.ORDERED)                 # what an order carries
REVIEWABLE = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)


# ---------------------------------------------------------------- settings

@dataclass(frozen=True)
class IssueSettings:
    """What the department's settings say for documents of one family."""

    family: str
    department: Department
    prefix: str
    pattern: str


def issue_settings(ws: Workspace, family: str) -> IssueSettings:
    """The family's department, the device's prefix and the number pattern; DocumentError
    (``field`` SETUP_FIELD) when the family has no complete department."""
    patterns = {**NUMBER_PATTERNS, **(ws.setting("number_patterns") or {})}
    if "{abbr}" not in patterns[family]:
        raise DocumentError("文书编号格式“{pattern}”没有 {{abbr}}（部门简称）",
                            hint="编号中的简称只能来自执法部门的设置；请在编号格式中用 {{abbr}} 代替写死的简称",
                            pattern=patterns[family])
    return IssueSettings(family=family, department=_department(ws, family),
                         prefix=inputs.doc_prefix(ws.setting("doc_prefix")), pattern=patterns[family])


def needs_setup(exc: BaseException) -> bool:
    """Whether ``exc`` says that the family's department is not (fully) set up."""
    return isinstance(exc, DocumentError) and getattr(exc, "field", None) == SETUP_FIELD


def _department(ws: Workspace, family: str) -> Department:
    """The department the set-up configured for ``family``; never a default."""
    values = {k: str(v or "").strip() for k, v in setting_store.department(ws, family).items()}
    missing = [TEXT_RULES[("department", k)].label for k in inputs.DEPARTMENT_REQUIRED if not values.get(k)]
    if "本级人民政府" in missing and values.get("review_body"):
        missing.remove("本级人民政府")
    if missing:
        what = inputs.FAMILY_DEPARTMENTS[family]
        message = (Msg("{name}的设置不完整（缺少{missing}），无法出具文书", name=values['name'],
                       missing=Listing(Msg(m) for m in missing)) if values.get("name")
                   else Msg("尚未设置本机所属的{what}，无法出具{family}文书", what=what, family=Family(family)))
        err = DocumentError("{problem}；未占用文书编号",
                            hint="请打开“设置向导”（设置 → 设置向导…），填写{what}的全称、编号简称、"
                                 "本级人民政府、人民法院、地址和电话后重试", problem=message, what=what)
        err.field = SETUP_FIELD
        raise err
    known = {k: values.get(k, "") for k in inputs.DEPARTMENT_FIELDS}
    return Department(**known, seal_png=_seal(ws.setting("seal_png")))


def _seal(value: str | None) -> bytes | None:
    """The seal image: a path to a PNG, or the PNG as base64."""
    if not value:
        return None
    try:
        data = Path(value).read_bytes()
    except OSError:  # not a readable file (or a name too long to be one): base64?
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            data = b""
    if not data.startswith(b"\x89PNG"):
        raise InvalidInput("印章图片", "找不到或不是 PNG 图片：{value}",
                           hint="请在“设置”中重新选择印章图片（PNG），或清除该设置", value=value[:80])
    return data


def document_family(ws: Workspace, inspection: Inspection) -> str:
    """The inspection's family, unless setting ``doc_family`` forces one."""
    forced = ws.setting("doc_family")
    if forced:
        if forced not in tuple(Family):
            raise InvalidInput("doc_family", "“{forced}”不是 {options}", forced=forced, options=" 或 ".join(Family))
        return forced
    return str(inspection.family or Family.EMS)


# ---------------------------------------------------------------- gathering

def _common(ws: Workspace, inspection: Inspection, family: str, refusal: Refusal | None = None) -> dict:
    ent = ws.enterprise(inspection.enterprise_id)
    unit = Unit(name=ent.name, address=ent.address or "", legal_rep=ent.legal_rep or "",
                legal_rep_title=ent.legal_rep_title or "", phone=ent.phone or "",
                credit_code=ent.credit_code or "", site_manager=inspection.site_manager or "")
    people = tuple(Inspector(p.get("name", ""), p.get("cert_no", "")) for p in inspection.inspectors)
    return dict(number=PREVIEW_NUMBER, issued_at=ws.today(), family=family,
                department=issue_settings(ws, family).department, unit=unit, inspectors=people,
                refusal=_refusal(refusal))


def _refusal(value: Refusal | dict | None) -> Refusal | None:
    """拒签 as given (a Refusal or its JSON), its texts checked like every free text."""
    refusal = Refusal.from_json(value) if isinstance(value, dict) else value
    if refusal is None:
        return None
    files = tuple(dataclasses.replace(f, name=check_column("refusal", "file_name", f.name).strip())
                  for f in refusal.files)
    return Refusal(check_column("refusal", "note", refusal.note).strip(),
                   check_column("refusal", "witness", refusal.witness).strip(), bool(refusal.evidence),
                   check_column("refusal", "who", refusal.who).strip(), files)


def task_source_text(insp: Inspection) -> str:
    """任务来源 as the record states it: the choice, with the free text beside it."""
    note = (insp.task_source_note or "").strip()
    if not insp.task_source:
        return note
    label = TaskSource(insp.task_source).label_zh
    if insp.task_source == TaskSource.OTHER:
        return note or label
    return f"{label}（{note}）" if note else label


# The photo annex prints times in China Standard Time: Asia/Shanghai has kept
# UTC+8 all year since 1991, so a fixed offset is exact and needs no tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def _shanghai(value: str | None) -> datetime | None:
    """A stored time as Asia/Shanghai wall-clock time; an EXIF time (no offset,
    the camera's own clock) stays as it is."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(SHANGHAI).replace(tzinfo=None) if moment.tzinfo else moment


def _dt(value: str | None) -> datetime | None:
    """A stored time as printed: Asia/Shanghai wall-clock time (naive), whatever the
    machine's time zone (naive stored values are Asia/Shanghai time already)."""
    if not value:
        return None
    return local_time(datetime.fromisoformat(value)).replace(tzinfo=None)


def _photos(ws: Workspace, inspection_id: str, finding: Finding) -> tuple[PhotoRef, ...]:
    """The finding's photos taken during ``inspection_id`` (each as its print rendition
    or, lacking one, the stored normal JPEG; ``sha256`` the normal JPEG's):
    the newest version of each (an annotated copy instead of the photo it was
    drawn on, which stays in the workspace as evidence)."""
    photos = ws.photos(inspection_id=inspection_id, finding_id=finding.id, latest=True)
    if not photos:
        return ()
    place, item = _site_address(ws, inspection_id), _question(ws, finding)
    return tuple(PhotoRef(_print_or_normal(ws, p.normal_sha256), caption=p.caption or "",
                          item_ref=p.item_id or finding.item_id or "",
                          taken_at=_shanghai(p.taken_at) or _shanghai(p.created_at),
                          sha256=p.normal_sha256, place=place, taken_by=p.taken_by or "", item=item,
                          gps=(p.gps_lat, p.gps_lon) if p.gps_lat is not None and p.gps_lon is not None
                          else None)
                 for p in photos)


def _site_address(ws: Workspace, inspection_id: str) -> str:
    """Where an inspection took place: the enterprise's address and the site
    inspected there (检查场所), as far as they are recorded."""
    insp = ws.inspection(inspection_id)
    address, site = ws.enterprise(insp.enterprise_id).address or "", insp.site or ""
    if not address or site.startswith(address):
        return site
    return f"{address}，{site}" if site and site not in address else address


def _question(ws: Workspace, finding: Finding) -> str:
    """The checklist item's question a finding answers ("" when it has none)."""
    if not (finding.checklist_hash and finding.item_id):
        return ""
    try:
        return ws.checklist(finding.checklist_hash).item(finding.item_id).question
    except NotFound:
        return ""


# For special equipment the ground for calling a hazard 严重 (REFERENCE.md §2).
SAMR_GROUND = "《特种设备安全监督检查办法》第二十五条"
_CRITERIA_WORDS = ("判定标准", "判定准则")   # a stored basis from before citation roles


def citations(ws: Workspace, finding: Finding, family: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(obligations breached, criteria that make it 重大/严重) of a finding: its basis
    split by the checklist item's citation roles (role: criterion)."""
    criteria: set[str] = set()
    item_basis: tuple[str, ...] = ()
    applies = True
    if finding.checklist_hash and finding.item_id:
        item = ws.checklist(finding.checklist_hash).item(finding.item_id)
        item_basis = tuple(str(c) for c in item.basis)
        criteria = {str(c) for c in item.basis if c.role == CitationRole.CRITERION}
        # a criterion written for some kinds of enterprise only (major_in: 工贸企业重大事故
        # 隐患判定标准 第二条) is no ground at an enterprise of another kind, or of unknown kind
        applies = not item.major_in or inspected_sector(ws, finding.inspection_id) in item.major_in
    basis = tuple(finding.basis) or item_basis
    is_ground = [b in criteria or any(w in b for w in _CRITERIA_WORDS) for b in basis]
    grounds = tuple(b for b, g in zip(basis, is_ground, strict=True) if g and applies)
    family = family or str(ws.inspection(finding.inspection_id).family or Family.EMS)
    if finding.level == HazardLevel.MAJOR and family == Family.SAMR \
            and not any(g.startswith(SAMR_GROUND) for g in grounds):   # the item may cite its 项
        grounds = (SAMR_GROUND, *grounds)
    return tuple(b for b, g in zip(basis, is_ground, strict=True) if not g), grounds


def order_eligible(finding: Finding, family: str) -> bool:
    """Whether an order carries the finding: every finding of a 特种设备安全监察指令书;
    for 应急, all but 停止使用 without a deadline (that is a 现场处理措施 only)."""
    return family == Family.SAMR or finding.rectification != Rectification.STOP_USE or bool(finding.deadline)


def _line(ws: Workspace, seq: int, finding: Finding, photos: bool, on_spot: bool = False) -> FindingLine:
    description = finding.description
    if on_spot:
        description = description.rstrip("。") + "（已当场整改）"
    basis, grounds = citations(ws, finding)
    return FindingLine(
        seq=seq, description=description, basis=basis, grounds=grounds, measure=finding.measure or "",
        level=str(finding.level), rectification=str(finding.rectification),
        deadline=date.fromisoformat(finding.deadline) if finding.deadline else None,
        item_ref=finding.item_id or "", equipment=_finding_equipment(ws, finding),
        photos=_photos(ws, finding.inspection_id, finding) if photos else ())


def equipment_label(ws: Workspace, equipment_id: str, *, inside: bool = False) -> str:
    """A piece of equipment as documents name it: its name and registration code
    ("1号反应釜（设备代码 …）"; ``inside`` brackets already: "1号反应釜，设备代码 …")."""
    eq = ws.equipment(equipment_id)
    code = eq.register_code or eq.registration_no
    what = eq.name or EquipmentKind(eq.kind).label_zh
    if not code:
        return what
    return f"{what}，设备代码 {code}" if inside else f"{what}（设备代码 {code}）"


def _finding_equipment(ws: Workspace, finding: Finding) -> str:
    """The equipment a finding concerns where it is not the inspection's own (which the
    record names as the place): a per-equipment table's."""
    if not finding.equipment_id or finding.equipment_id == ws.inspection(finding.inspection_id).equipment_id:
        return ""
    return equipment_label(ws, finding.equipment_id)


def _findings(ws: Workspace, inspection_id: str) -> list[Finding]:
    query = FindingQuery(inspection_id=inspection_id, order_by="created_at", descending=False)
    return ws.findings(query, limit=100_000)


def _sections(ws: Workspace, inspection: Inspection) -> tuple[tuple[SectionSummary, ...], list]:
    """Answer counts per checklist section as walked (once for the unit, once per piece of
    equipment; shown items only), and failed answers (hash, item, answer, equipment id)."""
    answers = ws.answer_map(inspection.id)
    sections, failed = [], []
    for checklist_hash in inspection.checklist_hashes:
        for part in ws.walk_parts(inspection.id, checklist_hash):
            eq = part.equipment_id
            results = [(item, answers.get((checklist_hash, eq, item.id))) for item in part.items]
            results = [(item, a) for item, a in results if a is not None and a.result is not None]
            if not results:
                continue
            count = {r: sum(a.result == r for _, a in results) for r in Result}
            title = f"{part.section.title}（{equipment_label(ws, eq, inside=True)}）" if eq else part.section.title
            sections.append(SectionSummary(title, count[Result.PASS], count[Result.FAIL], count[Result.NA]))
            failed += [(checklist_hash, item, a, eq) for item, a in results if a.result == Result.FAIL]
    return tuple(sections), failed


def build_record(ws: Workspace, inspection_id: str, *, photos: bool = True,
                 refusal: Refusal | dict | None = None) -> RecordDoc:
    """现场检查记录 of an inspection (no writes; number is a placeholder)."""
    insp = ws.inspection(inspection_id)
    family = document_family(ws, insp)
    sections, failed = _sections(ws, insp)
    findings = _findings(ws, inspection_id)
    lines = [_line(ws, n, f, photos, on_spot=f.state == FindingState.CLOSED
                   and f.rectification == Rectification.IMMEDIATE) for n, f in enumerate(findings, 1)]
    covered = {(f.checklist_hash, f.item_id, f.equipment_id) for f in findings}
    for checklist_hash, item, answer, eq in failed:  # non-compliant answers not (yet) made findings
        if (checklist_hash, item.id, eq or insp.equipment_id) not in covered:
            lines.append(FindingLine(seq=len(lines) + 1, description=answer.note or item.question,
                                     basis=tuple(str(c) for c in item.basis), level=str(item.hazard_level),
                                     rectification="immediate", item_ref=item.id,
                                     equipment=equipment_label(ws, eq) if eq else ""))
    titles = tuple(f"《{ws.checklist(h).title}》" for h in insp.checklist_hashes)
    return RecordDoc(**_common(ws, insp, family, refusal), place=_place(ws, insp), started_at=_dt(insp.started_at),
                     ended_at=_dt(insp.finished_at), sections=sections, findings=tuple(lines),
                     include_photos=photos, task_source=task_source_text(insp), checklists=titles)


def _place(ws: Workspace, insp: Inspection) -> str:
    place = insp.site or ""
    if insp.equipment_id:
        eq = ws.equipment(insp.equipment_id)
        what = "".join(x for x in (eq.location and f"{eq.location}", eq.name) if x)
        code = eq.registration_no or eq.register_code
        what += f"（使用登记证号 {code}）" if code else ""
        place = f"{place}，{what}" if place and what else place or what
    return place


def undescribed(findings: list[Finding]) -> list[int]:
    """The numbers (from 1) of ``findings`` whose problem is still the placeholder a
    document refuses to print (``storage.findings.is_default_description``)."""
    return [n for n, f in enumerate(findings, 1) if is_default_description(f.description)]


def order_findings(ws: Workspace, inspection_id: str) -> list[Finding]:
    """The findings an order carries: open or ordered, and :func:`order_eligible`."""
    family = document_family(ws, ws.inspection(inspection_id))
    return [f for f in _findings(ws, inspection_id) if f.state in LIVE_STATES and order_eligible(f, family)]


_order_findings = order_findings


def build_order(ws: Workspace, inspection_id: str, *, photos: bool = True,
                refusal: Refusal | dict | None = None) -> OrderDoc:
    """责令限期整改指令书 / 特种设备安全监察指令书 of the inspection's open and ordered
    findings (no writes).  DocumentError when there is none."""
    insp = ws.inspection(inspection_id)
    findings = _order_findings(ws, inspection_id)
    if not findings:
        raise DocumentError("本次检查没有待整改的隐患（没有隐患，或均已当场整改销号，或只需现场处理措施），"
                            "无需出具指令书",
                            hint="如需下达指令，请先在检查中登记隐患；停止使用等措施请出具现场处理措施决定书")
    today = ws.today()   # 立即 items (and 停止使用 without a date) take the issue date as their deadline
    lines = tuple(dataclasses.replace(line, deadline=line.deadline or today)
                  if line.rectification != Rectification.DEADLINE else line
                  for line in (_line(ws, n, f, photos) for n, f in enumerate(findings, 1)))
    return OrderDoc(**_common(ws, insp, document_family(ws, insp), refusal), findings=lines,
                    include_photos=photos)


# ---------------------------------------------------------------- review

def review_candidates(ws: Workspace, reinspection_id: str) -> list[Finding]:
    """The parent inspection's findings a re-inspection gives an opinion on
    (open, ordered or rectified), in the order's sequence."""
    parent = _parent(ws, reinspection_id)
    order = current_document(ws, parent.id, DocumentKind.ORDER)
    seq = _order_seq(order)
    found = [f for f in _findings(ws, parent.id) if f.state in REVIEWABLE]
    return sorted(found, key=lambda f: seq.get(f.id, len(seq) + 1))


def _parent(ws: Workspace, reinspection_id: str) -> Inspection:
    insp = ws.inspection(reinspection_id)
    if not insp.parent_id:
        raise DocumentError("该检查不是复查（没有对应的原检查），不能出具整改复查意见书",
                            hint="请从原检查发起复查，再出具复查意见书")
    return ws.inspection(insp.parent_id)


def _order_seq(order: Document | None) -> dict[str, int]:
    ids = (order.data or {}).get("findings", []) if order else []
    return {fid: n for n, fid in enumerate(ids, 1)}


def _opinions(opinions: Mapping[str, Opinion | str]) -> dict[str, Opinion]:
    out = {}
    for fid, value in opinions.items():
        try:
            out[fid] = Opinion(value)
        except ValueError:
            raise InvalidInput("复查意见", "隐患 {fid} 的意见 “{value}” 无效", fid=fid, value=value,
                               hint="可选：rectified（已整改）、not_rectified（未整改）、partly（部分整改）") from None
    return out


def build_review(ws: Workspace, reinspection_id: str, opinions: Mapping[str, Opinion | str], *,
                 notes: Mapping[str, str] | None = None, deadlines: Mapping[str, date] | None = None,
                 photos: bool = True, report_received: date | str | None = None,
                 refusal: Refusal | dict | None = None, _reissue: bool = False) -> ReviewDoc:
    """整改复查意见书 of a re-inspection: one line per finding of the original
    inspection, with ``opinions[finding_id]``.  Every open/ordered/rectified finding
    of the original inspection needs an opinion (DocumentError lists the missing).
    It states the re-inspection's date (its start) and ``report_received``, the day
    the unit's 整改报告 came in (required for 市场监管)."""
    insp = ws.inspection(reinspection_id)
    parent = _parent(ws, reinspection_id)
    order = (current_document(ws, parent.id, DocumentKind.ORDER)
             or current_document(ws, parent.id, DocumentKind.MEASURE)
             or current_document(ws, parent.id, DocumentKind.SEIZURE))
    if order is None:
        raise DocumentError("原检查没有出具过指令书，无法出具整改复查意见书",
                            hint="请先对原检查出具责令限期整改指令书（或特种设备安全监察指令书）")
    chosen, notes, deadlines = _opinions(opinions), _notes(notes), dict(deadlines or {})
    findings = ([ws.finding(fid) for fid in chosen] if _reissue else review_candidates(ws, reinspection_id))
    _check_opinions(findings, chosen)
    seq = _order_seq(order)
    lines = tuple(ReviewLine(
        seq=seq.get(f.id, len(seq) + n), description=f.description, opinion=str(chosen[f.id]),
        note=notes.get(f.id, ""), item_ref=f.item_id or "", deadline=deadlines.get(f.id),
        photos=_photos(ws, reinspection_id, f) if photos else ()) for n, f in enumerate(findings, 1))
    return ReviewDoc(**_common(ws, insp, document_family(ws, parent), refusal), order_number=order.number,
                     order_date=_dt(order.issued_at).date(), order_title=KIND_LABELS[order.kind],
                     lines=tuple(sorted(lines, key=lambda ln: ln.seq)), include_photos=photos,
                     reviewed_on=_dt(insp.started_at).date(),
                     report_received=_date(report_received, "收到整改报告的日期") if report_received else None)


def _notes(notes: Mapping[str, str] | None) -> dict[str, str]:
    """复查情况说明 by finding id, checked like every free text (control characters, length)."""
    return {fid: check_column("review", "note", text or "") for fid, text in (notes or {}).items()}


def _check_opinions(findings: list[Finding], chosen: dict[str, Opinion]) -> None:
    known = {f.id for f in findings}
    stray = [fid for fid in chosen if fid not in known]
    if stray:
        raise InvalidInput("复查意见", "隐患 {fid} 不是原检查中待复查的隐患",
                           hint="只能对原检查中未销号的隐患给出复查意见", fid=stray[0])
    missing = [f for f in findings if f.id not in chosen]
    if missing:
        listed = "；".join(f"{f.id}（{f.description[:20]}）" for f in missing[:5])
        raise DocumentError("还有{n}项隐患没有复查意见：{listed}", n=len(missing), listed=listed,
                            hint="请逐项选择 已整改 / 未整改 / 部分整改（命令行：--opinion 隐患ID=rectified）")


def _review_moves(ws: Workspace, chosen: dict[str, Opinion],
                  deadlines: Mapping[str, date]) -> list[tuple[str, FindingState]]:
    """销号 for rectified findings; back to (or stays) ordered otherwise, with the
    new deadline written first."""
    moves = []
    for fid, opinion in chosen.items():
        state = ws.finding(fid).state
        if opinion == Opinion.RECTIFIED:
            moves.append((fid, FindingState.CLOSED))
            continue
        if fid in deadlines:
            ws.update_finding(fid, deadline=deadlines[fid])
        if state in (FindingState.OPEN, FindingState.RECTIFIED):
            moves.append((fid, FindingState.ORDERED))
    return moves


def prepare_photos(ws: Workspace, inspection_id: str, *, progress: Progress | None = None) -> int:
    """Pre-scale the inspection's finding photos to print size ahead of time
    (e.g. in the background when an inspection is finished), and register the
    document fonts, so that issuing its documents waits for neither.  Returns how
    many photos were prepared."""
    load_fonts()
    photos = [p for p in ws.photos(inspection_id=inspection_id, latest=True) if p.finding_id]
    step = Steps(progress, len(photos))
    for photo in photos:
        if not _stored_print(ws, photo.normal_sha256):
            PRINT_CACHE.get(PhotoRef(ws.blob(photo.normal_sha256), sha256=photo.normal_sha256))
        step.advance()
    return len(photos)


def _print_or_normal(ws: Workspace, normal_sha256: str) -> bytes:
    """What a photo prints from: its print rendition when it has one (then the
    normal photo, megabytes, is not read), else the normal photo.  Either prints
    the same bytes: scaling a print rendition keeps it as it is."""
    printed = ws.print_photo(normal_sha256)
    if printed is None:
        return ws.blob(normal_sha256)
    PRINT_CACHE.put(normal_sha256, Prepared.of(printed))
    return printed.jpeg


def _stored_print(ws: Workspace, normal_sha256: str) -> bool:
    """Put a photo's print rendition, made when it was imported, in the print cache,
    so that printing it decodes nothing; False when it has none."""
    printed = ws.print_photo(normal_sha256)
    if printed is not None:
        PRINT_CACHE.put(normal_sha256, Prepared.of(printed))
    return printed is not None


# ---------------------------------------------------------------- issuing

def _issue(ws: Workspace, inspection_id: str, kind: DocumentKind, doc, *, moves=(), data: dict,
           supersedes_id: str | None = None, before: Callable[[], list] | None = None,
           progress: Progress | None = None) -> Document:
    settings = issue_settings(ws, doc.family)
    code = DOCUMENT_CODES[(doc.family, "order" if kind in ORDER_KINDS else str(kind))]
    validate(dataclasses.replace(doc, number="待编号"))  # clear errors before a number is taken
    fonts = load_fonts()
    step = Steps(progress, 3)
    step.advance()

    def number(seq: int, year: int) -> str:
        return format_number(settings.pattern, abbr=settings.department.abbr, code=code, year=year,
                             prefix=settings.prefix, seq=seq)

    stored = {**data, "family": doc.family}

    def draw(num: str, moment: datetime) -> tuple[bytes, str]:
        day = local_time(moment).date()
        final = dataclasses.replace(doc, number=num, issued_at=day)
        seal = signing.sealer(ws, kind, final, day)
        pdf, digest = render_hashed(final, fonts, seal=lambda h: sealed.append(seal(h)) or sealed[-1])
        stored["statement"] = sealed[-1].qr    # read by issue_document after render
        step.advance()
        return pades.maybe_sign(ws, pdf, reason=num), digest

    sealed: list = []
    with ws.transaction():
        doc, data, drafts = onsite.attach(ws, inspection_id, kind, doc, data)  # signed on screen
        stored.update(data)                 # with the signatures' digests listed
        transitions = [*moves, *(before() if before else ())]
        issued = ws.issue_document(inspection_id, kind, series=f"{code}:{settings.prefix}", format_number=number,
                                   render=draw, data=stored,
                                   transitions=transitions, supersedes_id=supersedes_id)
        onsite.bind(ws, drafts, issued.id)
    step.advance()
    return issued


def _refusal_data(doc) -> dict:
    """拒签 as Document.data keeps it, so that a correction prints it again."""
    return {"refusal": doc.refusal.to_json()} if doc.refusal else {}


def issue_record(ws: Workspace, inspection_id: str, *, photos: bool = True, supersedes_id: str | None = None,
                 refusal: Refusal | dict | None = None, progress: Progress | None = None) -> Document:
    """Issue the 现场检查记录 (numbered, stored); moves no finding.  ``refusal``: the
    unit's responsible person refused to sign (printed in the signature place).  Refused
    while a 重大/严重 hazard has no order or decision (``export.decisions.check_handled``)."""
    from export.decisions import check_handled

    check_handled(ws, inspection_id)
    doc = build_record(ws, inspection_id, photos=photos, refusal=refusal)
    ids = [f.id for f in _findings(ws, inspection_id)]
    return _issue(ws, inspection_id, DocumentKind.RECORD, doc, supersedes_id=supersedes_id, progress=progress,
                  data={"findings": ids, "photos": photos, **_refusal_data(doc)})


def issue_order(ws: Workspace, inspection_id: str, *, photos: bool = True, supersedes_id: str | None = None,
                refusal: Refusal | dict | None = None, progress: Progress | None = None) -> Document:
    """Issue the order; its open findings move to ordered (责令整改).  A deadline
    before the issue date is refused (DocumentError naming the item) before a number is taken."""
    doc = build_order(ws, inspection_id, photos=photos, refusal=refusal)
    findings = _order_findings(ws, inspection_id)
    kind = DocumentKind.SAMR_ORDER if doc.family == Family.SAMR else DocumentKind.ORDER
    moves = [(f.id, FindingState.ORDERED) for f in findings if f.state == FindingState.OPEN]
    return _issue(ws, inspection_id, kind, doc, moves=moves, supersedes_id=supersedes_id, progress=progress,
                  data={"findings": [f.id for f in findings], "photos": photos, **_refusal_data(doc)})


def issue_review(ws: Workspace, reinspection_id: str, opinions: Mapping[str, Opinion | str], *,
                 notes: Mapping[str, str] | None = None, deadlines: Mapping[str, date] | None = None,
                 photos: bool = True, supersedes_id: str | None = None,
                 report_received: date | str | None = None, refusal: Refusal | dict | None = None,
                 progress: Progress | None = None) -> Document:
    """Issue the 整改复查意见书 of a re-inspection.  Findings judged rectified move
    to closed (销号); the others stay, or go back to, ordered (with the new
    deadline from ``deadlines`` when given).  The events name this document."""
    chosen = _opinions(opinions)
    deadlines = {fid: _date(d) for fid, d in (deadlines or {}).items()}
    doc = build_review(ws, reinspection_id, chosen, notes=notes, deadlines=deadlines, photos=photos,
                       report_received=report_received, refusal=refusal, _reissue=supersedes_id is not None)
    data = {"opinions": {k: str(v) for k, v in chosen.items()}, "notes": _notes(notes),
            "deadlines": {k: d.isoformat() for k, d in deadlines.items()}, "photos": photos,
            "findings": list(chosen), **_refusal_data(doc),
            "report_received": doc.report_received and doc.report_received.isoformat()}
    before = None if supersedes_id else (lambda: _review_moves(ws, chosen, deadlines))
    return _issue(ws, reinspection_id, DocumentKind.REVIEW, doc, data=data, before=before,
                  supersedes_id=supersedes_id, progress=progress)


def conclude_review(ws: Workspace, reinspection_id: str, verdicts: Mapping[str, Verdict], *,
                    report_received: date | None = None, progress: Progress | None = None) -> Document:
    """Issue the 整改复查意见书 from the inspector's verdicts, finish the re-inspection and
    clear its draft: one transaction, so a crash leaves all of it or none."""
    opinions = {fid: v.opinion for fid, v in verdicts.items()}
    notes = {fid: v.note for fid, v in verdicts.items() if v.note}
    deadlines = {fid: v.deadline for fid, v in verdicts.items()
                 if v.deadline and v.opinion != Opinion.RECTIFIED}
    from export.decisions import issue_release, release_due

    with ws.transaction():
        doc = issue_review(ws, reinspection_id, opinions, notes=notes, deadlines=deadlines,
                           report_received=report_received, progress=progress)
        for seizure in release_due(ws, _parent(ws, reinspection_id).id):  # the hazards are removed
            issue_release(ws, seizure.id)
        ws.finish_inspection(reinspection_id)
        reinspection.clear_draft(ws, reinspection_id)
    return doc


def _date(value: date | str, field: str = "整改期限") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "“{value}”不是日期", hint="请写成 2026-05-31", value=value) from None


def reissue(ws: Workspace, document_id: str, *, refusal: Refusal | dict | None = None,
            progress: Progress | None = None) -> Document:
    """Correct an issued document: the same kind issued again from the current
    data under a new number, superseding the old one (both stay on record).
    Findings already moved by the old document are not moved again.  The old
    document's 拒签 is kept; ``refusal`` records one noticed after it was printed."""
    old = ws.document(document_id)
    newer = ws.superseded_by(document_id)
    if newer is not None:
        raise DocumentError("文书 {old} 已被 {newer} 更正取代",
                            hint="请更正最新的文书 {newer}", old=old.number, newer=newer.number)
    data = old.data or {}
    photos = bool(data.get("photos", True))
    kind = DocumentKind(old.kind)
    again = dict(photos=photos, supersedes_id=old.id, progress=progress, refusal=refusal or data.get("refusal"))
    if kind == DocumentKind.RECORD:
        return issue_record(ws, old.inspection_id, **again)
    if kind in ORDER_KINDS:
        return issue_order(ws, old.inspection_id, **again)
    if kind == DocumentKind.REVIEW:
        return issue_review(ws, old.inspection_id, data.get("opinions", {}), notes=data.get("notes"),
                            deadlines=data.get("deadlines"), report_received=data.get("report_received"),
                            **again)
    if kind in (DocumentKind.SERVICE, DocumentKind.INTERVIEW):
        return _reissue_served(ws, old, progress)
    if kind in (DocumentKind.MEASURE, DocumentKind.SEIZURE, DocumentKind.RELEASE):
        from export.decisions import reissue_decision

        return reissue_decision(ws, old, progress=progress)
    if kind == DocumentKind.SUPERVISION:
        from export.supervision import reissue_notice

        return reissue_notice(ws, old, progress=progress)
    raise DocumentError("不支持更正该类文书：{kind}", kind=KIND_LABELS.get(old.kind, old.kind))


def _reissue_served(ws: Workspace, old: Document, progress: Progress | None) -> Document:
    """Correct a 送达回证 or 询问笔录 from the particulars it was issued with."""
    from export.interview import issue_interview  # these modules build on this one
    from export.service import issue_service

    data = old.data or {}
    if old.kind == DocumentKind.SERVICE:
        return issue_service(ws, old.inspection_id, data.get("documents", []), data.get("particulars", {}),
                             supersedes_id=old.id, progress=progress)
    return issue_interview(ws, old.inspection_id, data.get("particulars", {}), supersedes_id=old.id,
                           progress=progress)


# ---------------------------------------------------------------- finding issued documents

def current_document(ws: Workspace, inspection_id: str, kind: DocumentKind | str) -> Document | None:
    """The newest document of ``kind`` for the inspection that no correction has
    superseded (``order`` also finds a 特种设备安全监察指令书)."""
    kinds = ORDER_KINDS if str(kind) in map(str, ORDER_KINDS) else (DocumentKind(kind),)
    docs = [d for k in kinds for d in ws.documents(inspection_id=inspection_id, kind=str(k))]
    live = [d for d in docs if ws.superseded_by(d.id) is None]
    return max(live, key=lambda d: (d.issued_at, d.created_at), default=None)


@dataclass(frozen=True)
class DocumentRow:
    """One line of the list of issued documents."""

    document: Document
    label: str
    unit: str
    superseded_by: str | None

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None


def document_rows(ws: Workspace, *, inspection_id: str | None = None, limit: int = 200) -> list[DocumentRow]:
    rows = []
    for doc in ws.documents(inspection_id=inspection_id, limit=limit):
        try:
            unit = ws.enterprise(ws.inspection(doc.inspection_id).enterprise_id).name
        except NotFound:
            unit = ""
        newer = ws.superseded_by(doc.id)
        rows.append(DocumentRow(doc, KIND_LABELS.get(doc.kind, doc.kind), unit, newer.number if newer else None))
    return rows
