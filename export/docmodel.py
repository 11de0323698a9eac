"""Plain data for the enforcement documents, independent of the database.

Every document is a frozen dataclass of strings, numbers, dates and bytes; the
renderer (export/documents.py) needs nothing else.  :func:`content_hash` is the
SHA-256 of the canonical JSON of a document's data (photos by their own SHA-256),
printed on every page; the SHA-256 of the stored PDF bytes is a separate value.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.messages import Day, Msg
from checklists.common.vocabulary import (
    Family,
    HazardLevel,
    Opinion,
    Rectification,
    SignerRole,
    deadline_before,
)
from storage.findings import is_default_description
from storage.validate import TEXT_RULES

FAMILIES = tuple(Family)
LEVELS = tuple(HazardLevel)
RECTIFICATIONS = tuple(Rectification)


OPINIONS = {o.value: o.label_zh for o in Opinion}
EVIDENCE_KINDS = {"photo": "照片", "video": "录像", "audio": "录音"}

# Number patterns: （简称）应急责改〔2026〕A07-015号.  The samr pattern and codes are
# local practice (REFERENCE.md §6.5); both are settings, these are the defaults.
NUMBER_PATTERNS = {
    "ems": "（{abbr}）应急{code}〔{year}〕{prefix}{seq:03d}号",
    "samr": "（{abbr}）市监{code}〔{year}〕{prefix}{seq:03d}号",
}
DOCUMENT_CODES = {
    ("ems", "record"): "检记", ("ems", "order"): "责改", ("ems", "review"): "复查",
    ("samr", "record"): "特检记", ("samr", "order"): "特令", ("samr", "review"): "特复查",
    ("ems", "service"): "送达", ("samr", "service"): "特送达",
    ("ems", "interview"): "询问", ("samr", "interview"): "特询问",
    ("ems", "measure"): "现决", ("ems", "seizure"): "查扣", ("ems", "release"): "解扣",
    ("samr", "seizure"): "特查扣", ("samr", "release"): "特解扣",
    ("ems", "supervision"): "督办", ("samr", "supervision"): "特督办",
}
# 行政强制法第二十五条: a 查封、扣押 lasts at most thirty days (an extension is a
# separate decision, not made by this program).
SEIZURE_MAX_DAYS = 30


def format_number(pattern: str, *, abbr: str, code: str, year: int, prefix: str = "", seq: int) -> str:
    """Fill a number pattern, e.g. ``format_number(NUMBER_PATTERNS["ems"], abbr="穗天",
    code="责改", year=2026, prefix="A07-", seq=15)`` -> ``（穗天）应急责改〔2026〕A07-015号``."""
    try:
        return pattern.format(abbr=abbr, code=code, year=year, prefix=prefix, seq=seq)
    except (KeyError, IndexError, ValueError) as exc:
        raise InvalidInput("文书编号格式", "“{pattern}”无法使用（{error}）",
                           hint="只可使用 {{abbr}} {{code}} {{year}} {{prefix}} {{seq}} 占位符",
                           pattern=pattern, error=exc) from exc


def _tuple(obj, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Department:
    """The issuing department. ``government`` is the 本级人民政府 (行政复议法 2023
    第二十四条), the default review body; ``review_body`` overrides it."""

    name: str
    abbr: str
    government: str
    court: str
    review_body: str = ""
    address: str = ""
    phone: str = ""
    seal_png: bytes | None = None

    @property
    def appeal_body(self) -> str:
        return self.review_body or self.government

    @property
    def contact(self) -> str:
        """地址 and 电话 as the page footer prints them ("" when neither is set)."""
        parts = (f"地址：{self.address}" if self.address else "", f"电话：{self.phone}" if self.phone else "")
        return "  ".join(p for p in parts if p)


@dataclass(frozen=True)
class Inspector:
    name: str
    cert_no: str


@dataclass(frozen=True)
class Unit:
    name: str
    address: str = ""
    legal_rep: str = ""
    legal_rep_title: str = ""
    phone: str = ""
    credit_code: str = ""
    site_manager: str = ""


@dataclass(frozen=True)
class PhotoRef:
    """A photo as printed, with what makes it evidence: when (``taken_at``,
    Asia/Shanghai wall-clock time: EXIF time, else when it was added), where
    (``gps`` latitude and longitude, else ``place``, the inspected site's
    address), who (``taken_by``, the inspector who added it) and the checklist
    item whose finding it proves (``item``, the item's question; the finding is
    the line the photo belongs to).  ``sha256`` names the photo when already known
    (the workspace's normal JPEG, of which ``jpeg`` may be the print rendition), so
    hashing the document does not read megabytes again; it stands for ``jpeg`` in the hash."""

    jpeg: bytes
    caption: str = ""
    item_ref: str = ""
    taken_at: datetime | None = None
    sha256: str = ""
    gps: tuple[float, float] | None = None
    place: str = ""
    taken_by: str = ""
    item: str = ""

    def __post_init__(self) -> None:
        if self.gps is not None and not isinstance(self.gps, tuple):
            object.__setattr__(self, "gps", tuple(self.gps))


@dataclass(frozen=True)
class FindingLine:
    seq: int
    description: str
    basis: tuple[str, ...] = ()
    measure: str = ""
    level: str = "general"
    rectification: str = "deadline"
    deadline: date | None = None
    item_ref: str = ""
    photos: tuple[PhotoRef, ...] = ()
    grounds: tuple[str, ...] = ()     # the criteria (判定标准) that make it 重大/严重
    equipment: str = ""               # the equipment it concerns (per-equipment tables), as printed

    def __post_init__(self) -> None:
        _tuple(self, "basis")
        _tuple(self, "photos")
        _tuple(self, "grounds")


@dataclass(frozen=True)
class SectionSummary:
    """One checklist section of an inspection: how many items, how they came out."""

    title: str
    passed: int = 0
    failed: int = 0
    na: int = 0


@dataclass(frozen=True)
class ReviewLine:
    seq: int
    description: str
    opinion: str
    note: str = ""
    item_ref: str = ""
    photos: tuple[PhotoRef, ...] = ()
    deadline: date | None = None      # the new deadline of an item not (fully) rectified

    def __post_init__(self) -> None:
        _tuple(self, "photos")


@dataclass(frozen=True)
class EvidenceFile:
    """A photo or video of a refusal, linked by its SHA-256 (the file itself stays
    where it was recorded, e.g. the body camera's store): ``kind`` "photo", "video" or "audio"."""

    kind: str
    name: str
    sha256: str
    size: int = 0

    @classmethod
    def from_json(cls, data: dict) -> EvidenceFile:
        return cls(str(data.get("kind") or ""), str(data.get("name") or ""), str(data.get("sha256") or ""),
                   int(data.get("size") or 0))

    def to_json(self) -> dict:
        return {"kind": self.kind, "name": self.name, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class Refusal:
    """拒签: the inspected unit's responsible person refused to sign.  The inspectors
    note it on the document (安全生产法第六十八条; 特种设备安全监督检查办法第二十七条第一款:
    注明情况, 拍照、录音、录像, 必要时见证人); it prints in the unit's signature place.
    ``who`` names the person who refused; ``files`` link the photos or videos of it by
    SHA-256; the witness signs on screen (storage/signatures.py, role witness) or on paper."""

    note: str
    witness: str = ""
    evidence: bool = False        # photos, sound or video of the refusal were taken
    who: str = ""
    files: tuple[EvidenceFile, ...] = ()

    def __post_init__(self) -> None:
        _tuple(self, "files")

    @classmethod
    def from_json(cls, data: dict | None) -> Refusal | None:
        if not data:
            return None
        files = tuple(EvidenceFile.from_json(f) for f in data.get("files") or () if isinstance(f, dict))
        return cls(str(data.get("note") or ""), str(data.get("witness") or ""), bool(data.get("evidence")),
                   str(data.get("who") or ""), files)

    def to_json(self) -> dict:
        out = {"note": self.note, "witness": self.witness, "evidence": self.evidence}
        if self.who:
            out["who"] = self.who
        if self.files:
            out["files"] = [f.to_json() for f in self.files]
        return out


@dataclass(frozen=True)
class SignedMark:
    """A signature captured on screen, as it prints in its block: who (``role`` a
    ``SignerRole`` code, ``signer`` the name), when, and the canonical strokes
    (storage/signatures.py), which the content hash counts by their SHA-256."""

    role: str
    signer: str
    signed_at: datetime
    strokes: bytes


@dataclass(frozen=True)
class _Doc:
    number: str
    issued_at: date
    family: str
    department: Department
    unit: Unit
    inspectors: tuple[Inspector, ...]
    refusal: Refusal | None = None
    signatures: tuple[SignedMark, ...] = ()

    def __post_init__(self) -> None:
        _tuple(self, "inspectors")
        _tuple(self, "signatures")

    def signed(self, role: SignerRole | str, signer: str | None = None) -> SignedMark | None:
        """The signature of ``role`` (and ``signer``, when given) captured on screen, if any."""
        wanted = SignerRole(role)
        return next((s for s in self.signatures if SignerRole(s.role) == wanted and signer in (None, s.signer)),
                    None)


@dataclass(frozen=True)
class RecordDoc(_Doc):
    """现场检查记录 (ems) or 特种设备安全监督检查记录 (samr).  Its date line is the
    inspection's date (``started_at``), not ``issued_at`` (the day its number was taken).
    ``task_source`` and ``checklists`` make the samr opening (任务来源、依据、内容、要求,
    特种设备安全监督检查办法第十九条)."""

    place: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    sections: tuple[SectionSummary, ...] = ()
    findings: tuple[FindingLine, ...] = ()
    include_photos: bool = True
    task_source: str = ""
    checklists: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "sections")
        _tuple(self, "findings")
        _tuple(self, "checklists")

    @property
    def dated(self) -> date:
        """The date the record bears: the day of the inspection."""
        return self.started_at.date() if self.started_at else self.issued_at


@dataclass(frozen=True)
class OrderDoc(_Doc):
    """责令限期整改指令书 (ems) or 特种设备安全监察指令书 (samr)."""

    findings: tuple[FindingLine, ...] = ()
    include_photos: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "findings")


@dataclass(frozen=True)
class ReviewDoc(_Doc):
    """整改复查意见书: the opinion on an earlier order, item by item."""

    order_number: str = ""
    order_date: date | None = None
    order_title: str = ""
    lines: tuple[ReviewLine, ...] = ()
    include_photos: bool = True
    reviewed_on: date | None = None       # the day of the re-inspection (not the issue date)
    report_received: date | None = None   # the day the unit's 整改报告 was received

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "lines")


@dataclass(frozen=True)
class PhotoAnnex(_Doc):
    """附件：现场照片 of a document (``number`` is that document's number)."""

    parent_title: str = ""
    findings: tuple[FindingLine, ...] = ()
    inspectors: tuple[Inspector, ...] = field(default=())

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "findings")


if TYPE_CHECKING:
    from export.docmodel_other import (
        InterviewDoc,
        MeasureDoc,
        ReleaseDoc,
        SeizureDoc,
        ServiceDoc,
        SupervisionDoc,
    )

    Document = (RecordDoc | OrderDoc | ReviewDoc | PhotoAnnex | ServiceDoc | InterviewDoc | MeasureDoc
                | SeizureDoc | ReleaseDoc | SupervisionDoc)

# The documents an order or a record does not need (送达回证, 询问笔录, the on-site decisions,
# the 挂牌督办通知书)
# live in export/docmodel_other.py and are imported from here on first use, so that a
# process issuing an order does not build their dataclasses (docs/benchmarks.md).
OTHER = ("ServedDocument", "ServiceDoc", "Interviewee", "QA", "InterviewDoc", "MeasureLine", "MeasureDoc",
         "SeizedItem", "SeizureDoc", "ReleaseDoc", "SupervisionDoc", "decision_title", "MEASURES_WITH_OBJECT")


def __getattr__(name: str):
    if name in OTHER:
        from export import docmodel_other

        return getattr(docmodel_other, name)
    if name == "Document":  # the union of every kind (for annotations and isinstance)
        from export import docmodel_other as o

        return (RecordDoc | OrderDoc | ReviewDoc | PhotoAnnex | o.ServiceDoc | o.InterviewDoc | o.MeasureDoc
                | o.SeizureDoc | o.ReleaseDoc | o.SupervisionDoc)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def other_kinds():
    """export/docmodel_other.py when it is imported, else None (then no document of
    its kinds exists, and nothing needs to import it to tell)."""
    import sys

    return sys.modules.get("export.docmodel_other")


def title_of(doc: Document) -> str:
    if isinstance(doc, RecordDoc):
        return "特种设备安全监督检查记录" if doc.family == Family.SAMR else "现场检查记录"
    if isinstance(doc, OrderDoc):
        return "特种设备安全监察指令书" if doc.family == Family.SAMR else "责令限期整改指令书"
    if isinstance(doc, ReviewDoc):
        return "整改复查意见书"
    other = other_kinds()
    return other.title_of(doc) if other else "现场照片"


# ---------------------------------------------------------------- hashing

def _jsonable(value):
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def _known_hashes(value):
    """Put a photo's known SHA-256 in place of its bytes (the same JSON as
    hashing the bytes would give)."""
    if isinstance(value, dict):
        if "jpeg" in value and "sha256" in value:
            known = value["sha256"]
            value = {k: v for k, v in value.items() if k != "sha256"}
            if known:
                value["jpeg"] = {"sha256": known}
        return {k: _known_hashes(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_known_hashes(v) for v in value]
    return value


def canonical_json(doc: Document) -> bytes:
    """The document's data as canonical JSON (sorted keys, no spaces, UTF-8);
    bytes (photos, seal, signature strokes) stand as their SHA-256.  A document
    without on-screen signatures hashes as before they existed."""
    content = _known_hashes(dataclasses.asdict(doc))
    if not content.get("signatures", True):
        del content["signatures"]
    refusal = content.get("refusal") or {}
    for key in ("who", "files"):            # added later: absent when empty, as before
        if key in refusal and not refusal[key]:
            del refusal[key]
    data = {"kind": type(doc).__name__, "data": content}
    text = json.dumps(data, default=_jsonable, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def content_hash(doc: Document) -> str:
    """SHA-256 (hex) of :func:`canonical_json`; the first 16 hex digits are printed
    on every page."""
    return hashlib.sha256(canonical_json(doc)).hexdigest()


# ---------------------------------------------------------------- validation

def _missing(field_name: str, what: str = "未填写") -> DocumentError:
    err = DocumentError("{field}{what}，无法出具文书", hint="请补全{field}后重试", field=Msg(field_name),
                        what=Msg(what))
    err.field = field_name
    return err


def _require(value, field_name: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _missing(field_name)


def validate(doc: Document) -> None:
    """Raise DocumentError naming the first missing or wrong field."""
    if doc.family not in FAMILIES:
        raise _missing("文书类别", Msg("“{family}”不是 ems 或 samr", family=str(doc.family)))
    _require(doc.number, "文书编号")
    _require(doc.department.name, "执法部门名称")
    _require(doc.department.abbr, "执法部门简称")
    _require(doc.unit.name, "被检查单位名称")
    _check_lengths(doc)
    if not isinstance(doc, PhotoAnnex):
        _check_inspectors(doc.inspectors)
        _check_refusal(doc)
    if isinstance(doc, RecordDoc):
        _check_record(doc)
    elif isinstance(doc, OrderDoc):
        _check_order(doc)
    elif isinstance(doc, ReviewDoc):
        _check_review(doc)
    elif other_kinds():
        other_kinds().check(doc)


# Room for the words a document adds to a stored text (（已当场整改）, the place's
# （使用登记证号 …）) before the text counts as too long.
_ADDED = 40
_UNIT_FIELDS = {"name": ("被检查单位名称", ("enterprise", "name")),
                "address": ("被检查单位地址", ("enterprise", "address")),
                "legal_rep": ("法定代表人", ("enterprise", "legal_rep")),
                "legal_rep_title": ("法定代表人职务", ("enterprise", "legal_rep_title")),
                "phone": ("联系电话", ("enterprise", "phone")),
                "credit_code": ("统一社会信用代码", ("enterprise", "credit_code")),
                "site_manager": ("现场负责人", ("inspection", "site_manager"))}
_PLACE_PARTS = (("inspection", "site"), ("equipment", "location"), ("equipment", "name"),
                ("equipment", "registration_no"))


def _limit(*columns: tuple[str, str], added: int = 0) -> int:
    return sum(TEXT_RULES[c].limit for c in columns) + added


def _texts(doc: Document):
    """(label, text, limit) of every text the document prints from stored data."""
    for key, (label, column) in _UNIT_FIELDS.items():
        yield label, getattr(doc.unit, key), _limit(column)
    for key in ("name", "abbr", "government", "court", "review_body", "address", "phone"):
        yield TEXT_RULES[("department", key)].label, getattr(doc.department, key), _limit(("department", key))
    for n, person in enumerate(doc.inspectors, 1):
        yield Msg("执法人员{n}的姓名", n=n), person.name, _limit(("inspector", "name"))
        yield Msg("执法人员{n}的执法证号", n=n), person.cert_no, _limit(("inspector", "cert_no"))
    if isinstance(doc, RecordDoc):
        yield "检查场所", doc.place, _limit(*_PLACE_PARTS, added=_ADDED)
        yield "任务来源", doc.task_source, _limit(("inspection", "task_source_note"), added=_ADDED)
    if type(doc).__name__ == "SupervisionDoc":     # export/docmodel_other.py
        yield "督办单位", doc.supervisor, _limit(("supervision", "supervisor"))
    if doc.refusal:
        yield "拒签情况说明", doc.refusal.note, _limit(("refusal", "note"))
        yield "见证人", doc.refusal.witness, _limit(("refusal", "witness"))
    for n, item in enumerate(getattr(doc, "items", ()), 1):
        for key in ("name", "registration_no", "location", "quantity", "seals"):
            yield Msg("清单第{n}项", n=n), getattr(item, key), _limit(("finding", "description"))
    for n, line in enumerate(getattr(doc, "findings", ()) or getattr(doc, "lines", ()), 1):
        yield Msg("第{n}项问题的描述", n=n), line.description, _limit(("finding", "description"), added=_ADDED)
        yield Msg("第{n}项的复查情况说明", n=n), getattr(line, "note", ""), _limit(("review", "note"))
        yield Msg("第{n}项的整改措施", n=n), getattr(line, "measure", ""), _limit(("finding", "measure"))
        for basis in getattr(line, "basis", ()):
            yield Msg("第{n}项的依据", n=n), basis, _limit(("finding", "basis"))
        yield Msg("第{n}项的全部依据", n=n), "；".join(getattr(line, "basis", ())), _limit(("finding", "basis_all"))
        for photo in line.photos:
            yield Msg("第{n}项的照片说明", n=n), photo.caption, _limit(("photo", "caption"))


def _check_lengths(doc: Document) -> None:
    """Refuse text longer than its field allows (data from before the limits, or from
    elsewhere): such text cannot be laid out in bounded time (a 64,000-character
    name took minutes), and no document needs it."""
    for label, text, limit in _texts(doc):
        if text and len(text) > limit:
            err = DocumentError("{label}过长（{n} 个字，上限 {limit} 个字），无法出具文书",
                                hint="请先精简{label}（可能是旧版本或其他设备录入的数据）后重试",
                                label=Msg(label), n=len(text), limit=limit)
            err.field = label
            raise err


def _check_inspectors(inspectors: tuple[Inspector, ...]) -> None:
    if len(inspectors) < 2:
        raise _missing("执法人员", Msg("只有{n}名（执法人员不得少于两人，行政处罚法第四十二条）", n=len(inspectors)))
    for n, person in enumerate(inspectors, 1):
        _require(person.name, Msg("执法人员{n}的姓名", n=n))
        _require(person.cert_no, Msg("执法人员{n}的执法证号", n=n))


def _check_refusal(doc: Document) -> None:
    """拒签 is noted with what happened; for 市场监管 it is also recorded by photo, sound or
    video (特种设备安全监督检查办法第二十七条第一款: 并采取拍照、录音、录像等方式记录)."""
    if doc.refusal is None:
        return
    _require(doc.refusal.note, "拒签情况说明（执法人员注明的情况）")
    for linked in doc.refusal.files:
        if linked.kind not in EVIDENCE_KINDS or not re.fullmatch(r"[0-9a-f]{64}", linked.sha256):
            raise _missing("拒签的证据文件", Msg("“{name}”无效", name=linked.name))
    if doc.family == Family.SAMR and not (doc.refusal.evidence or doc.refusal.files):
        raise _missing("拒签的拍照、录音或录像记录", "未注明（特种设备安全监督检查办法第二十七条）")


def _check_deadline(deadline: date | None, on: date, field_name: str) -> None:
    """A deadline before the document's date is refused (vocabulary.deadline_before)."""
    if deadline_before(deadline, on):
        raise _missing(field_name, Msg("（{deadline}）早于文书日期（{on}）", deadline=Day(deadline), on=Day(on)))


def _check_findings(findings: tuple[FindingLine, ...]) -> None:
    for n, line in enumerate(findings, 1):
        _require(line.description, Msg("第{n}项问题的描述", n=n))
        if is_default_description(line.description):
            raise _missing(Msg("第{n}项问题的描述", n=n), "仍是自动填写的占位文字（请写明查见的具体问题）")
        if line.level not in LEVELS:
            raise _missing(Msg("第{n}项问题的隐患级别", n=n), Msg("“{value}”无效", value=str(line.level)))
        if line.rectification not in RECTIFICATIONS:
            raise _missing(Msg("第{n}项问题的整改方式", n=n), Msg("“{value}”无效", value=str(line.rectification)))
        if line.rectification == Rectification.DEADLINE and line.deadline is None:
            raise _missing(Msg("第{n}项问题的整改期限", n=n))


def _check_record(doc: RecordDoc) -> None:
    _require(doc.place, "检查场所")
    if doc.family == Family.SAMR:
        _require(doc.task_source, "任务来源")
    _require(doc.started_at, "检查开始时间")
    _require(doc.ended_at, "检查结束时间")
    if doc.ended_at < doc.started_at:
        raise _missing("检查结束时间", "早于开始时间")
    _check_findings(doc.findings)


def _check_order(doc: OrderDoc) -> None:
    if not doc.findings:
        raise DocumentError("责令整改的文书没有任何问题项，无法出具",
                            hint="先在检查中把不符合项标记为隐患，再出具指令书")
    _check_findings(doc.findings)
    for n, line in enumerate(doc.findings, 1):
        if line.deadline is None:  # 立即 items carry the issue date
            raise _missing(Msg("第{n}项问题的整改期限", n=line.seq or n), "未填写（指令书的每一项都要有整改期限）")
        _check_deadline(line.deadline, doc.issued_at, Msg("第{n}项问题的整改期限", n=line.seq or n))
    _require(doc.department.appeal_body, "行政复议机关（本级人民政府）")
    _require(doc.department.court, "行政诉讼的人民法院")


def _check_review_dates(doc: ReviewDoc) -> None:
    """The re-inspection's date; the day the 整改报告 was received (required for 市场监管:
    特种设备安全监督检查办法第二十九条), between the order and the re-inspection."""
    _require(doc.reviewed_on, "复查日期")
    if doc.reviewed_on < doc.order_date:
        raise _missing("复查日期", "早于原指令书日期")
    if doc.family == Family.SAMR:
        _require(doc.report_received, "收到整改报告的日期")
    if doc.report_received and not doc.order_date <= doc.report_received <= doc.reviewed_on:
        raise _missing("收到整改报告的日期", "应在原指令书日期与复查日期之间")


def _check_review(doc: ReviewDoc) -> None:
    _require(doc.order_number, "原指令书编号")
    _require(doc.order_date, "原指令书日期")
    _check_review_dates(doc)
    if not doc.lines:
        raise DocumentError("复查意见书没有任何复查项，无法出具", hint="请选择要复查的问题项")
    for n, line in enumerate(doc.lines, 1):
        _require(line.description, Msg("第{n}项复查问题的描述", n=n))
        if line.opinion not in OPINIONS:
            raise _missing(Msg("第{n}项的复查意见", n=n), Msg("“{value}”不是 {options}", value=str(line.opinion),
                                                           options="/".join(OPINIONS)))
        if line.opinion != Opinion.RECTIFIED:
            if line.deadline is None:
                raise _missing(Msg("第{seq}项（{opinion}）的新整改期限", seq=line.seq, opinion=Opinion(line.opinion)))
            _check_deadline(line.deadline, doc.issued_at, Msg("第{seq}项的新整改期限", seq=line.seq))
