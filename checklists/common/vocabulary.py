"""Domain vocabulary shared by the whole core: the codes stored in the database
and files, with their Chinese (first) and English labels.

Stored values are short English codes; what a person reads comes from
``label_zh`` / ``label_en``.  Keep the codes stable: they travel in sync bundles.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Every time the program stores or prints is China Standard Time, whatever the
# machine's own time zone: documents are dated where the inspection took place.
# UTC+8 without daylight saving since 1991; the fixed offset stands in where the
# time-zone database is missing (a bare Windows without the tzdata package).
try:
    LOCAL_TZ = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is a dependency
    LOCAL_TZ = timezone(timedelta(hours=8), "CST")


def local_time(moment: datetime) -> datetime:
    """``moment`` as Asia/Shanghai wall-clock time (aware).  A naive value is taken
    to be Asia/Shanghai time already (what an inspector types is local time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ)


class _Labelled(StrEnum):
    """A StrEnum whose members carry a Chinese and an English label."""

    def __new__(cls, value: str, zh: str, en: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_zh = zh
        member.label_en = en
        return member

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


class Result(_Labelled):
    PASS = "pass", "符合", "Compliant"
    FAIL = "fail", "不符合", "Non-compliant"
    NA = "na", "不适用", "Not applicable"


class HazardLevel(_Labelled):
    GENERAL = "general", "一般隐患", "General hazard"
    MAJOR = "major", "重大隐患", "Major hazard"


class Rectification(_Labelled):
    IMMEDIATE = "immediate", "立即整改", "Rectify at once"
    DEADLINE = "deadline", "限期整改", "Rectify by a date"
    STOP_USE = "stop_use", "停止使用", "Stop use"


class FindingState(_Labelled):
    OPEN = "open", "待处理", "Open"
    ORDERED = "ordered", "已责令整改", "Ordered"
    RECTIFIED = "rectified", "已整改待复查", "Rectified"
    CLOSED = "closed", "已销号", "Closed"


# Allowed moves of the closed loop: found -> ordered -> rectified -> closed, or
# closed on the spot (立即整改/当场整改).  A re-inspection that finds the work not
# done sends a rectified finding back to ordered.
class Opinion(_Labelled):
    """The re-inspection opinion on one earlier finding (整改复查意见)."""

    RECTIFIED = "rectified", "已整改", "Rectified"               # closed (销号)
    NOT_RECTIFIED = "not_rectified", "未整改", "Not rectified"   # stays ordered, new deadline
    PARTLY = "partly", "部分整改", "Partly rectified"            # stays ordered, new deadline


# What each kind of stored record is called in messages (the database's table names).
RECORD_LABELS = {
    "enterprise": "企业", "equipment": "设备", "inspection": "检查", "answer": "检查项答题",
    "finding": "隐患", "photo": "照片", "document": "文书", "finding_event": "隐患状态事件",
    "audit_event": "审计事件", "checklist": "检查表", "blob": "数据块", "number_block": "文书编号段",
    "plan": "检查计划", "plan_task": "检查任务", "plan_draw": "抽取记录", "inspector_conflict": "回避声明",
    "signature": "签名",
    "penalty": "行政处罚",
    "supervision": "挂牌督办",
}


# The rectification period when a checklist item or an inspector gives none (days).
DEFAULT_RECTIFICATION_DAYS = 15


def default_deadline(today: date, days: int | None = None) -> date:
    """The deadline of a 限期整改 finding found ``today``: ``days`` later, or the default."""
    return today + timedelta(days=days or DEFAULT_RECTIFICATION_DAYS)


def deadline_before(deadline: date | str | None, day: date) -> bool:
    """Whether ``deadline`` (a date or ISO text) falls before ``day``: the one rule
    by which a deadline earlier than the day it is given (entered, received from
    another device, printed on a document) is refused everywhere."""
    if not deadline:
        return False
    text = deadline.isoformat() if isinstance(deadline, date) else str(deadline)[:10]
    return text < day.isoformat()


# A finding in these states still has its deadline to meet; past it, the finding is
# overdue.  The one definition: SQL queries use storage.ledger.overdue_sql(), built
# from the same set.
OUTSTANDING: frozenset[FindingState] = frozenset({FindingState.OPEN, FindingState.ORDERED})


def is_overdue(state: str, deadline: str | None, today: date) -> bool:
    """Whether a finding in ``state`` with ``deadline`` (ISO date) is overdue on ``today``."""
    return state in OUTSTANDING and bool(deadline) and deadline < today.isoformat()


TRANSITIONS: dict[FindingState, frozenset[FindingState]] = {
    FindingState.OPEN: frozenset({FindingState.ORDERED, FindingState.CLOSED}),
    FindingState.ORDERED: frozenset({FindingState.RECTIFIED, FindingState.CLOSED}),
    FindingState.RECTIFIED: frozenset({FindingState.CLOSED, FindingState.ORDERED}),
    FindingState.CLOSED: frozenset(),
}


class Family(_Labelled):
    """Which enforcement system a checklist (and its documents) belongs to."""

    EMS = "ems", "应急管理", "Emergency management (work safety)"
    SAMR = "samr", "市场监管（特种设备）", "Market regulation (special equipment)"


class EquipmentKind(_Labelled):
    BOILER = "boiler", "锅炉", "Boiler"
    PRESSURE_VESSEL = "pressure_vessel", "压力容器", "Pressure vessel"
    GAS_CYLINDER = "gas_cylinder", "气瓶", "Gas cylinder"
    PRESSURE_PIPING = "pressure_piping", "压力管道", "Pressure piping"
    ELEVATOR = "elevator", "电梯", "Elevator"
    LIFTING = "lifting", "起重机械", "Lifting appliance"
    ROPEWAY = "ropeway", "客运索道", "Passenger ropeway"
    AMUSEMENT = "amusement", "大型游乐设施", "Amusement ride"
    VEHICLE = "vehicle", "场（厂）内专用机动车辆", "Site vehicle"


class Sector(_Labelled):
    """The kind of enterprise a rule is written for.  工贸企业重大事故隐患判定标准
    (应急管理部令第10号) covers 冶金、有色、建材、机械、轻工、纺织、烟草、商贸
    enterprises only (its 第二条), so its 重大 mapping applies to ``TRADE`` alone."""

    TRADE = "trade", "工贸企业", "Industry and trade"
    HAZCHEM = "hazchem", "危险化学品企业", "Hazardous chemicals"
    OTHER = "other", "其他生产经营单位", "Other"


class InspectionMode(_Labelled):
    UNANNOUNCED = "unannounced", "四不两直", "Unannounced (four-nos-two-directs)"
    ROUTINE = "routine", "日常检查", "Routine"
    SPECIAL = "special", "专项检查", "Special campaign"
    REINSPECTION = "reinspection", "复查", "Re-inspection"


class TaskSource(_Labelled):
    """任务来源 of an inspection, stated at its opening (特种设备安全监督检查办法第十九条):
    the kinds of inspection of that 办法's chapter 二 (常规, 专项 第十条, 证后 第十二条) and the
    leads of 第十八条 (移送, 交办, 投诉举报); free text beside it names the plan or case."""

    PLAN = "plan", "年度监督检查计划", "Annual inspection plan"
    SPECIAL = "special", "专项监督检查", "Special campaign"
    POST_LICENCE = "post_licence", "证后监督检查", "Post-licence inspection"
    COMPLAINT = "complaint", "投诉举报", "Complaint or report"
    ASSIGNED = "assigned", "上级交办", "Assigned by a higher authority"
    TRANSFERRED = "transferred", "其他部门移送", "Transferred by another department"
    REVIEW = "review", "整改复查", "Re-inspection of a rectification"
    OTHER = "other", "其他", "Other"


class TaskKind(_Labelled):
    """How a task of an annual plan was chosen (storage/draw.py)."""

    KEY = "key", "重点检查", "Key enterprise"
    RANDOM = "random", "随机抽取", "Drawn at random"


class RiskColour(_Labelled):
    RED = "red", "红", "Red (major)"
    ORANGE = "orange", "橙", "Orange (high)"
    YELLOW = "yellow", "黄", "Yellow (general)"
    BLUE = "blue", "蓝", "Blue (low)"


class AnswerKind(_Labelled):
    PASS_FAIL = "pass_fail", "符合/不符合/不适用", "Pass / fail / N/A"
    NUMBER = "number", "数值", "Number"
    TEXT = "text", "文字", "Text"
    CHOICE = "choice", "选项", "Choice"


class DocumentKind(_Labelled):
    RECORD = "record", "现场检查记录", "On-site inspection record"
    ORDER = "order", "责令限期整改指令书", "Rectification order"
    SAMR_ORDER = "samr_order", "特种设备安全监察指令书", "Special-equipment supervision order"
    REVIEW = "review", "整改复查意见书", "Re-inspection opinion"
    PHOTOS = "photos", "现场照片", "Photo annex"
    SERVICE = "service", "送达回证", "Proof of service"
    INTERVIEW = "interview", "询问笔录", "Interview record"
    MEASURE = "measure", "现场处理措施决定书", "On-site measures decision"
    SEIZURE = "seizure", "查封（扣押）决定书", "Sealing (seizure) decision"
    RELEASE = "release", "解除查封（扣押）决定书", "Release of sealing (seizure) decision"
    SUPERVISION = "supervision", "挂牌督办通知书", "Supervision notice"


class SupervisionState(_Labelled):
    """Where a 挂牌督办 stands (computed from its dates, never stored): listed, past its
    deadline while still listed (逾期督办), or 摘牌."""

    LISTED = "listed", "督办中", "Under supervision"
    OVERDUE = "overdue", "逾期督办", "Supervision overdue"
    DELISTED = "delisted", "已摘牌", "Delisted"


class SignerRole(_Labelled):
    """Who signs a document on screen (storage/signatures.py), in block order."""

    INSPECTOR = "inspector", "执法人员", "Inspector"
    UNIT = "unit", "被检查单位负责人", "Unit's responsible person"
    WITNESS = "witness", "见证人", "Witness"


# The documents signed on screen: the record, the orders and the 送达回证.
SIGNED_KINDS = (DocumentKind.RECORD, DocumentKind.ORDER, DocumentKind.SAMR_ORDER, DocumentKind.SERVICE)


class ServiceMethod(_Labelled):
    """How documents were served (送达方式, printed on the 送达回证)."""

    DIRECT = "direct", "直接送达", "In person"
    LODGED = "lodged", "留置送达", "Left with the recipient (receipt refused)"
    POST = "post", "邮寄送达", "By post"
    ELECTRONIC = "electronic", "电子送达", "Electronically (recipient agreed)"
    ENTRUSTED = "entrusted", "委托送达", "Through another authority"


class Sex(_Labelled):
    MALE = "male", "男", "Male"
    FEMALE = "female", "女", "Female"


# The two kinds of order (责令限期整改指令书; 特种设备安全监察指令书).
ORDER_KINDS = (DocumentKind.ORDER, DocumentKind.SAMR_ORDER)


# The kinds that carry a finding as a decision on it (rule: a 重大/严重 hazard found
# non-compliant is carried by one of them, or closed on the spot).
DECISION_KINDS = (*ORDER_KINDS, DocumentKind.MEASURE, DocumentKind.SEIZURE)


class OnSiteMeasure(_Labelled):
    """A 现场处理措施 (安全生产法第六十五条第一款第（三）项) decided for one finding;
    ``object`` is what it applies to (a facility or equipment, an activity, a place)."""

    STOP_USE = "stop_use", "停止使用相关设施、设备", "Stop using the facility or equipment"
    STOP_ACTIVITY = "stop_activity", "停止相关作业活动", "Stop the activity"
    WITHDRAW = "withdraw", "从危险区域内撤出作业人员", "Withdraw workers from the danger zone"
    SUSPEND = "suspend", "暂时停产停业", "Suspend production or business"


class ReleaseReason(_Labelled):
    """Why a 查封（扣押） is lifted (行政强制法第二十八条)."""

    REMOVED = "removed", "事故隐患已消除", "Hazard removed"
    EXPIRED = "expired", "查封（扣押）期限已经届满", "Term expired"


class CitationRole(_Labelled):
    """What a checklist citation is for: the obligation breached, or the criterion
    (判定标准) that makes the hazard 重大/严重."""

    OBLIGATION = "obligation", "违反的规定", "Obligation breached"
    CRITERION = "criterion", "判定依据", "Criterion for the hazard level"


class PenaltyKind(_Labelled):
    """The kinds of 行政处罚 (行政处罚法第九条, 2021 text), one code per kind named in
    its items (一) to (六); a decision may impose several."""

    WARNING = "warning", "警告", "Warning"
    CRITICISM = "criticism", "通报批评", "Public criticism"
    FINE = "fine", "罚款", "Fine"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得", "Confiscation of illegal gains"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物", "Confiscation of illegal property"
    SUSPEND_PERMIT = "suspend_permit", "暂扣许可证件", "Suspension of a permit"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级", "Lowering of a qualification grade"
    REVOKE_PERMIT = "revoke_permit", "吊销许可证件", "Revocation of a permit"
    RESTRICT_ACTIVITY = "restrict_activity", "限制开展生产经营活动", "Restriction of business activities"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业", "Order to suspend production or business"
    CLOSE = "close", "责令关闭", "Order to close"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业", "Restriction from practice"
    DETENTION = "detention", "行政拘留", "Administrative detention"
    OTHER = "other", "法律、行政法规规定的其他行政处罚", "Other penalty provided by law or regulation"


# The kinds that carry an amount (fen): the fine and the confiscated gains.
AMOUNT_KINDS = frozenset({PenaltyKind.FINE, PenaltyKind.CONFISCATE_GAINS})
