"""What the Workspace is given, checked and cleaned before it is written.

Each function takes the values a caller passed to a ``Workspace`` write method
and returns them as they are stored, or raises ``InvalidInput`` naming the
field: text by its column's rule (``storage.validate.TEXT_RULES``), codes by
their vocabulary (``checklists.common.vocabulary``), dates, phone numbers, 统一社会信用代码,
the inspectors of an inspection, answers by their checklist item.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from checklists import Checklist
from checklists.common.errors import InvalidInput
from checklists.common.messages import Listing, Msg
from checklists.common.vocabulary import (
    AnswerKind,
    EquipmentKind,
    Family,
    HazardLevel,
    InspectionMode,
    Rectification,
    RiskColour,
    Sector,
    TaskSource,
    deadline_before,
)

from .ids import iso
from .validate import (
    TEXT_RULES,
    check_column,
    check_credit_code,
    check_date,
    check_phone,
    clean_text,
    require_text,
    strip_invisible,
)

ENTERPRISE_FIELDS = (
    "name", "credit_code", "address", "district", "legal_rep", "legal_rep_title",
    "contact", "phone", "industry", "risk_colour", "sector",
)
EQUIPMENT_FIELDS = (
    "kind", "name", "register_code", "registration_no", "location", "next_inspection_date",
)
FINDING_EDITABLE = (
    "level", "description", "basis", "measure", "rectification", "deadline", "note",
)


def enum_value(kind: type, value: Any, field_name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        options = Listing(Msg("{code}（{label}）", code=m.value, label=m) for m in kind)
        raise InvalidInput(field_name, "无效的值 {value!r}", hint="可选：{options}",
                           value=value, options=options) from None


def check_inspectors(inspectors: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    people = []
    for n, person in enumerate(inspectors, start=1):
        name = required("inspector", "name", person.get("name"), Msg("执法人员{n}的姓名", n=n))
        cert = required("inspector", "cert_no", person.get("cert_no"), Msg("执法人员{n}的执法证号", n=n))
        people.append({"name": name, "cert_no": cert})
    if len(people) < 2:
        raise InvalidInput("执法人员", "现场检查至少需要两名执法人员",
                           hint="《中华人民共和国行政处罚法》第四十二条；请再添加一名执法人员")
    certs = [p["cert_no"] for p in people]
    if len(set(certs)) != len(certs):
        raise InvalidInput("执法人员", "两名执法人员的执法证号相同", hint="请核对执法证号")
    return people


def required(table: str, column: str, value: Any, field: str) -> str:
    """Text that must be given, checked by the rule of its column but named as ``field``."""
    rule = TEXT_RULES[(table, column)]
    return clean_text(require_text(value, field), field, limit=rule.limit, multiline=rule.multiline)


def stripped(values: Mapping[str, Any], allowed: Sequence[str], what: str,
              table: str) -> dict[str, Any]:
    """Values checked by their column's text rule, trimmed, blanks as None; an
    unknown field is an error."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "{what}没有该字段", what=Msg(what))
    clean = {k: check_column(table, k, v) for k, v in values.items()}
    return {k: (v.strip() if isinstance(v, str) else v) or None for k, v in clean.items()}


DEPARTMENT_FIELDS = ("name", "abbr", "government", "court", "review_body", "address", "phone")
DEPARTMENT_REQUIRED = ("name", "abbr", "government", "court")
FAMILY_DEPARTMENTS = {Family.EMS: Msg("应急管理部门"), Family.SAMR: Msg("市场监督管理部门")}
_PREFIX = re.compile(r"[A-Za-z0-9_-]*")


def setting_value(key: str, value: Any) -> Any:
    """A setting's value with every text in it checked: the rule of the setting (or
    of the department's field) when there is one, else control characters and
    the general limit.  The seal may be a long base64 text and is checked when used."""
    if key == "seal_png" or value is None:
        return value
    if key == "doc_prefix":
        return doc_prefix(value)
    if key == "supervision_remind_days":      # storage/supervision.py: the reminder window
        if type(value) is not int or not 0 <= value <= 365:
            raise InvalidInput("督办提醒天数", "应为 0 到 365 之间的整数", hint="请改正后重新保存")
        return value
    if isinstance(value, str):
        rule = ("setting", key) if ("setting", key) in TEXT_RULES else ("setting", "*")
        return check_column(*rule, value)
    if key in ("department", "department_samr") and isinstance(value, Mapping):
        return department_values(value)
    if isinstance(value, Mapping):
        return {k: setting_value(k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [setting_value(key, v) for v in value]
    return value


def department_values(values: Mapping[str, Any], *, what: str = "", complete: bool = False) -> dict[str, str]:
    """An issuing department's fields checked by their text rules (the phone as a
    phone number); ``complete``: every field documents need must be given."""
    clean = {k: (check_column("department", k, v) if ("department", k) in TEXT_RULES
                 else setting_value(k, v)) for k, v in values.items()}
    if clean.get("phone"):
        clean["phone"] = check_phone(clean["phone"], _of(what, TEXT_RULES[("department", "phone")].label))
    for key in DEPARTMENT_REQUIRED if complete else ():
        require_text(clean.get(key), _of(what, TEXT_RULES[("department", key)].label))
    return clean


def _of(what: str, label: str) -> Msg:
    """A department's field named as in "应急管理部门的执法部门电话" (``what`` may be "")."""
    return Msg("{what}{label}", what=Msg(what), label=Msg(label)) if what else Msg(label)


def doc_prefix(value: Any) -> str:
    """The device's number prefix (e.g. A07-): letters, digits, - and _ only, so a
    number never carries a second department's code (（杭）…〔2026〕莞应急001号)."""
    text = check_column("setting", "doc_prefix", str(value or ""))
    if not _PREFIX.fullmatch(text):
        raise InvalidInput("文书编号前缀", "“{text}”含有字母、数字、“-”以外的字符；前缀只用于区分各台设备的编号",
                           hint="请改为如 A07- 的前缀；部门简称（如 莞）在执法部门中设置，编号会自动带上", text=text)
    return text


def setup_values(departments: Mapping[str, Mapping[str, Any] | None],
                 inspectors: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """What the first-run set-up gives: at least one complete department, by family
    (None where the user does not work for one), and two or more inspectors."""
    clean = {str(enum_value(Family, family, "执法系统")): (
        None if values is None else department_values(
            values, what=Msg("{department}的", department=FAMILY_DEPARTMENTS[family]), complete=True))
        for family, values in departments.items()}
    if not any(clean.values()):
        raise InvalidInput("执法部门", "至少要设置一个执法部门（应急管理或市场监督管理）",
                           hint="请选择本机所属的执法部门并填写其全称、简称、本级人民政府和人民法院")
    return {"departments": clean, "inspectors": check_inspectors(inspectors)}


def device_name(value: Any, default: str) -> str:
    name = required("device", "name", value, "本机名称")
    if name == default:
        raise InvalidInput("本机名称", "请为本机另起一个名称，不要沿用“{default}”",
                           hint="总部据此区分各台设备，例如：东莞市应急管理局-张三的笔记本", default=default)
    return name


def file_name(name: str | None) -> str | None:
    """A photo's file name as stored: it names the file and is never refused, so
    invisible characters are dropped and it is cut to the column's limit."""
    limit = TEXT_RULES[("photo", "original_name")].limit
    return strip_invisible(name).replace("\n", " ").replace("\t", " ")[:limit] if name else name


def enterprise_values(values: Mapping[str, Any], *, require_name: bool) -> dict[str, Any]:
    clean = stripped(values, ENTERPRISE_FIELDS, "企业", "enterprise")
    if require_name or "name" in clean:
        clean["name"] = require_text(clean.get("name"), "单位名称")
    if clean.get("credit_code"):
        clean["credit_code"] = check_credit_code(clean["credit_code"])
    if clean.get("phone"):
        clean["phone"] = check_phone(clean["phone"], "联系电话")
    if clean.get("risk_colour"):
        clean["risk_colour"] = str(enum_value(RiskColour, clean["risk_colour"], "风险等级"))
    if clean.get("sector"):
        clean["sector"] = str(enum_value(Sector, clean["sector"], "企业类别"))
    return clean


def equipment_values(values: Mapping[str, Any], *, require_kind: bool) -> dict[str, Any]:
    clean = stripped(values, EQUIPMENT_FIELDS, "设备", "equipment")
    if require_kind or "kind" in clean:
        if not clean.get("kind"):
            raise InvalidInput("设备类别", "必须填写")
        clean["kind"] = str(enum_value(EquipmentKind, clean["kind"], "设备类别"))
    if clean.get("next_inspection_date"):
        clean["next_inspection_date"] = check_date(clean["next_inspection_date"], "下次定期检验日期")
    return clean


def check_deadline(deadline: date | str | None, day: date, field: str = "整改期限") -> None:
    """Refuse a deadline before ``day`` (the day it is given or the document's date):
    the one rule (``vocabulary.deadline_before``) every path that takes a deadline uses."""
    if deadline_before(deadline, day):
        raise InvalidInput(field, "{deadline} 早于{day}（今天或文书日期），整改期限不能早于下达之日",
                           hint="请选择 {day} 或以后的日期", deadline=str(deadline)[:10], day=day.isoformat())


def finding_values(values: Mapping[str, Any], *, require: bool,
                   today: date | None = None) -> dict[str, Any]:
    """A finding's fields checked; with ``today``, a deadline before it is refused
    (pass it where the deadline is being given now, not for an unchanged one)."""
    clean: dict[str, Any] = {}
    if require or "description" in values:
        clean["description"] = required("finding", "description", values.get("description"),
                                         "隐患描述")
    if "level" in values:
        clean["level"] = str(enum_value(HazardLevel, values["level"], "隐患等级"))
    if "rectification" in values:
        clean["rectification"] = str(enum_value(Rectification, values["rectification"], "整改方式"))
    if "deadline" in values:
        deadline = values["deadline"]
        clean["deadline"] = check_date(deadline, "整改期限") if deadline else None
        if today is not None:
            check_deadline(clean["deadline"], today)
    if "basis" in values:
        basis = [b for b in (check_column("finding", "basis", str(b)) for b in values["basis"] or ()) if b]
        check_column("finding", "basis_all", "；".join(basis))
        clean["basis"] = json.dumps(basis, ensure_ascii=False)
    for key in ("measure", "note"):
        if key in values:
            clean[key] = check_column("finding", key, values[key] or "") or None
    return clean


def answer_value(item: Any, value: Any) -> str | None:
    if value is None or value == "":
        return None
    spec = item.answer
    if spec.kind == AnswerKind.NUMBER:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(Msg("{item} 数值", item=item.id), "不是数字：{value!r}",
                               hint="请输入以 {unit} 为单位的数值", value=value, unit=spec.unit) from None
        if not math.isfinite(number):
            raise InvalidInput(Msg("{item} 数值", item=item.id), "不是有限的数：{value!r}",
                               hint="请输入以 {unit} 为单位的数值", value=value, unit=spec.unit)
        return repr(number) if number != int(number) else str(int(number))
    if spec.kind == AnswerKind.CHOICE and value not in spec.choices:
        raise InvalidInput(Msg("{item} 选项", item=item.id), "无效的选项 {value!r}",
                           hint="可选：{options}", value=value, options=Listing(spec.choices))
    return check_column("answer", "value", str(value)) or None


def task_source(source: Any, note: Any, family: Family, mode: InspectionMode, *,
                required: bool = False) -> dict[str, Any]:
    """任务来源: a TaskSource code and free text.  ``required`` (the GUI's new inspection):
    a 市场监管 inspection must state it (the opening of the 特种设备安全监督检查记录 does,
    特种设备安全监督检查办法第十九条; the record is refused without it); a re-inspection's
    source is 整改复查; 其他 needs the text that says what it is."""
    if not source and mode == InspectionMode.REINSPECTION:
        source = TaskSource.REVIEW
    text = check_column("inspection", "task_source_note", note or "").strip() or None
    if not source:
        if required and family == Family.SAMR:
            raise InvalidInput("任务来源", "特种设备安全监督检查须说明任务来源",
                               hint="《特种设备安全监督检查办法》第十九条；"
                                    "请选择任务来源（如 年度监督检查计划、投诉举报）")
        return {"task_source": None, "task_source_note": text}
    code = enum_value(TaskSource, source, "任务来源")
    if code == TaskSource.OTHER and not text:
        raise InvalidInput("任务来源", "选择“其他”时须写明任务来源", hint="请在任务来源说明中写明，如 某某部门来函")
    return {"task_source": str(code), "task_source_note": text}


def new_inspection(*, mode: Any, inspectors: Sequence[Mapping[str, str]], site: str | None,
                   site_manager: str | None, used: Sequence[Checklist], family: Any,
                   started_at: str, source: Any = None, source_note: Any = None,
                   require_source: bool = False) -> dict[str, Any]:
    """The columns of a new inspection: mode, family (from the checklists unless given),
    the checklists used with their version hashes, two or more inspectors, the site,
    the 任务来源 (``task_source``)."""
    mode = enum_value(InspectionMode, mode, "检查方式")
    people = check_inspectors(inspectors)
    if not used and mode != InspectionMode.REINSPECTION:
        raise InvalidInput("检查表", "至少选择一份检查表")
    if family:
        fam = enum_value(Family, family, "执法系统")
    else:
        fam = Family.SAMR if any(c.family == Family.SAMR for c in used) else Family.EMS
    return {
        "mode": str(mode), "family": str(fam),
        "checklists": json.dumps([{"id": c.id, "version": c.version, "hash": c.hash}
                                  for c in used], ensure_ascii=False),
        "inspectors": json.dumps(people, ensure_ascii=False),
        "site": check_column("inspection", "site", site),
        "site_manager": check_column("inspection", "site_manager", site_manager),
        "started_at": started_at,
        **task_source(source, source_note, fam, mode, required=require_source),
    }


INSPECTION_EDITABLE = ("site", "site_manager", "note", "inspectors", "started_at", "task_source",
                       "task_source_note")


def inspection_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Changes to an inspection, checked (the inspectors again, times as ISO text)."""
    unknown = set(values) - set(INSPECTION_EDITABLE)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "不能修改该字段")
    clean = dict(values)
    if "inspectors" in clean:
        clean["inspectors"] = json.dumps(check_inspectors(clean["inspectors"]), ensure_ascii=False)
    if isinstance(clean.get("started_at"), datetime):
        clean["started_at"] = iso(clean["started_at"])
    if clean.get("task_source"):
        clean["task_source"] = str(enum_value(TaskSource, clean["task_source"], "任务来源"))
    return {k: check_column("inspection", k, v) for k, v in clean.items()}
