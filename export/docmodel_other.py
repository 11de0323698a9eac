"""Plain data for the documents an order or a record does not need: the 送达回证,
the 询问笔录 and the on-site decisions (现场处理措施决定书, 查封（扣押）决定书 and its
解除) and the 挂牌督办通知书, with the rules of the decisions and the notice.

Part of export/docmodel.py, which imports this module when one of these names is
first asked of it (``from export.docmodel import MeasureDoc`` works as before):
their dataclasses are built only in a process that makes one of these documents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from checklists.common.errors import DocumentError
from checklists.common.messages import Msg
from checklists.common.vocabulary import Family, HazardLevel, OnSiteMeasure, ReleaseReason
from export.docmodel import (
    SEIZURE_MAX_DAYS,
    FindingLine,
    PhotoRef,
    _check_deadline,
    _check_findings,
    _Doc,
    _missing,
    _require,
    _tuple,
)


@dataclass(frozen=True)
class SupervisionDoc(_Doc):
    """挂牌督办通知书: a 重大/严重 hazard put under supervision by ``supervisor`` from
    ``listed_on`` until ``deadline`` (storage/supervision.py).  ``found_on`` is the day
    of the inspection that found it; ``order_number`` the 指令书 that ordered it, if any."""

    supervisor: str = ""
    listed_on: date | None = None
    deadline: date | None = None
    found_on: date | None = None
    order_number: str = ""
    findings: tuple[FindingLine, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "findings")


@dataclass(frozen=True)
class ServedDocument:
    """One document listed on a 送达回证."""

    title: str
    number: str
    issued_at: date | None = None


@dataclass(frozen=True)
class ServiceDoc(_Doc):
    """送达回证: documents served together on the unit, how, where and when.
    The fields after ``note`` apply to one 送达方式 each (see export/service.py)."""

    documents: tuple[ServedDocument, ...] = ()
    method: str = "direct"
    place: str = ""
    served_at: datetime | None = None
    proxy: str = ""             # 代收人, when someone receives for the unit
    proxy_reason: str = ""
    refused: str = ""           # 留置送达: what the refusal to accept was (拒收情况; particulars key "refusal")
    witness: str = ""           # 留置送达: the witness (name, unit)
    recorded: str = ""          # 留置送达: how the service was recorded (拍照、录像)
    tracking_no: str = ""       # 邮寄送达
    e_address: str = ""         # 电子送达: the e-mail address or number agreed
    consent: bool = False       # 电子送达: the recipient signed a 确认书
    entrusted_to: str = ""      # 委托送达
    note: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "documents")


@dataclass(frozen=True)
class Interviewee:
    name: str
    sex: str
    id_no: str
    work_unit: str = ""
    post: str = ""
    phone: str = ""
    address: str = ""
    relation: str = ""          # 与本案关系


@dataclass(frozen=True)
class QA:
    question: str
    answer: str


@dataclass(frozen=True)
class InterviewDoc(_Doc):
    """询问笔录: ``inspectors`` are the 询问人 and the 记录人, in that order."""

    person: Interviewee | None = None
    place: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    subject: str = ""           # 询问事由
    recusal_answer: str = ""    # the answer to the opening (credentials seen, 回避)
    qa: tuple[QA, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "qa")


@dataclass(frozen=True)
class MeasureLine:
    """One finding of a 现场处理措施决定书 and the measure decided for it."""

    seq: int
    description: str
    measure: str                      # OnSiteMeasure
    object: str = ""                  # what stops: a facility or equipment, an activity, a place
    level: str = "major"
    basis: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()
    item_ref: str = ""
    photos: tuple[PhotoRef, ...] = ()

    def __post_init__(self) -> None:
        _tuple(self, "basis")
        _tuple(self, "grounds")
        _tuple(self, "photos")


@dataclass(frozen=True)
class MeasureDoc(_Doc):
    """现场处理措施决定书 (应急管理; 安全生产法第六十五条第一款第（三）项)."""

    found_on: date | None = None      # the day of the inspection
    lines: tuple[MeasureLine, ...] = ()
    include_photos: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "lines")


@dataclass(frozen=True)
class SeizedItem:
    """One line of the 查封（扣押）清单."""

    name: str
    registration_no: str = ""
    location: str = ""
    quantity: str = ""
    seals: str = ""                   # the numbers of the seals (封条) put on it


@dataclass(frozen=True)
class SeizureDoc(_Doc):
    """查封（扣押）决定书 with its 清单 (行政强制法第二十四条)."""

    found_on: date | None = None
    findings: tuple[FindingLine, ...] = ()
    items: tuple[SeizedItem, ...] = ()
    term_days: int = SEIZURE_MAX_DAYS
    include_photos: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "findings")
        _tuple(self, "items")


@dataclass(frozen=True)
class ReleaseDoc(_Doc):
    """解除查封（扣押）决定书: names the seizure decision it lifts (行政强制法第二十八条)."""

    seizure_number: str = ""
    seizure_date: date | None = None
    items: tuple[SeizedItem, ...] = ()
    reason: str = "removed"           # ReleaseReason
    review_number: str = ""           # the 整改复查意见书 that found the hazard removed

    def __post_init__(self) -> None:
        super().__post_init__()
        _tuple(self, "items")


def title_of(doc) -> str:
    """The title of a document of these kinds (``export.docmodel.title_of`` asks)."""
    if isinstance(doc, ServiceDoc):
        return "送达回证"
    if isinstance(doc, InterviewDoc):
        return "询问笔录"
    if isinstance(doc, (MeasureDoc, SeizureDoc, ReleaseDoc)):
        return decision_title(doc)
    if isinstance(doc, SupervisionDoc):
        return "挂牌督办通知书"
    return "现场照片"


def decision_title(doc: MeasureDoc | SeizureDoc | ReleaseDoc) -> str:
    if isinstance(doc, MeasureDoc):
        return "现场处理措施决定书"
    return "查封（扣押）决定书" if isinstance(doc, SeizureDoc) else "解除查封（扣押）决定书"


def check(doc) -> None:
    """The rules of a document of these kinds (``export.docmodel.validate`` asks)."""
    if isinstance(doc, (ServiceDoc, InterviewDoc)):
        from export.servicemodel import check_served  # the rules of the two live there

        check_served(doc)
    elif isinstance(doc, (MeasureDoc, SeizureDoc, ReleaseDoc)):
        _check_decision(doc)
    elif isinstance(doc, SupervisionDoc):
        _check_supervision(doc)


def _check_supervision(doc: SupervisionDoc) -> None:
    _require(doc.supervisor, "督办单位")
    _require(doc.listed_on, "挂牌日期")
    _require(doc.deadline, "督办期限")
    _check_deadline(doc.deadline, doc.listed_on, "督办期限")
    if not doc.findings:
        raise _missing("挂牌督办的隐患")
    for n, line in enumerate(doc.findings, 1):
        _require(line.description, Msg("第{n}项问题的描述", n=n))
        if line.level != HazardLevel.MAJOR:
            raise _missing(Msg("第{n}项问题的隐患级别", n=n), "不是重大（严重）事故隐患")


# ---------------------------------------------------------------- decisions

# Measures whose object must be named (what stops); the others may name a place.
MEASURES_WITH_OBJECT = (OnSiteMeasure.STOP_USE, OnSiteMeasure.STOP_ACTIVITY)


def _check_appeal(doc) -> None:
    _require(doc.department.appeal_body, "行政复议机关（本级人民政府）")
    _require(doc.department.court, "行政诉讼的人民法院")


def _check_decision(doc: MeasureDoc | SeizureDoc | ReleaseDoc) -> None:
    if isinstance(doc, MeasureDoc):
        _check_measure(doc)
    elif isinstance(doc, SeizureDoc):
        _check_seizure(doc)
    else:
        _require(doc.seizure_number, "原查封（扣押）决定书编号")
        _require(doc.seizure_date, "原查封（扣押）决定书日期")
        if doc.reason not in tuple(ReleaseReason):
            raise _missing("解除查封（扣押）的理由", Msg("“{value}”无效", value=doc.reason))
        _check_items(doc.items)


def _check_measure(doc: MeasureDoc) -> None:
    if doc.family != Family.EMS:
        raise DocumentError("现场处理措施决定书是应急管理部门的文书，特种设备检查不能出具",
                            hint="特种设备存在严重事故隐患的，请出具查封（扣押）决定书或在指令书中责令整改")
    if not doc.lines:
        raise DocumentError("现场处理措施决定书没有任何措施，无法出具",
                            hint="请至少为一项重大事故隐患选择现场处理措施")
    _require(doc.found_on, "检查日期")
    for n, line in enumerate(doc.lines, 1):
        _require(line.description, Msg("第{n}项问题的描述", n=n))
        if line.measure not in tuple(OnSiteMeasure):
            raise _missing(Msg("第{n}项的现场处理措施", n=n), Msg("“{value}”无效", value=line.measure))
        if line.measure in MEASURES_WITH_OBJECT:
            _require(line.object, Msg("第{n}项停止使用的设施、设备或停止的作业活动", n=n))
        if line.level != HazardLevel.MAJOR:
            err = DocumentError(
                "第{n}项问题不是重大事故隐患，不能作出现场处理措施决定"
                "（安全生产法第六十五条第一款第（三）项只对重大事故隐患规定了这些措施）",
                hint="如确属重大事故隐患，请先将该隐患的等级改为重大隐患；否则请责令立即排除或限期整改", n=n)
            err.field = Msg("第{n}项问题的隐患级别", n=n)
            raise err
    _check_appeal(doc)


def _check_seizure(doc: SeizureDoc) -> None:
    if not doc.findings:
        raise DocumentError("查封（扣押）决定书没有写明理由（没有任何隐患），无法出具",
                            hint="请选择作为查封（扣押）理由的隐患")
    _require(doc.found_on, "检查日期")
    _check_findings(doc.findings)
    _check_items(doc.items)
    if not 1 <= doc.term_days <= SEIZURE_MAX_DAYS:
        err = DocumentError("查封（扣押）期限 {days} 日无效，不得超过{most}日（行政强制法第二十五条）",
                            hint="请填写 1 至 {most} 日；确需延长的，另行作出延长决定",
                            days=doc.term_days, most=SEIZURE_MAX_DAYS)
        err.field = "查封（扣押）期限"
        raise err
    _check_appeal(doc)


def _check_items(items: tuple[SeizedItem, ...]) -> None:
    if not items:
        raise DocumentError("查封（扣押）清单没有任何物品，无法出具",
                            hint="请填写查封（扣押）的设施、设备名称、数量和封条编号")
    for n, item in enumerate(items, 1):
        _require(item.name, Msg("清单第{n}项的名称", n=n))
        _require(item.quantity, Msg("清单第{n}项的数量", n=n))
        _require(item.seals, Msg("清单第{n}项的封条编号", n=n))
