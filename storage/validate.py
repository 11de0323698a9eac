"""Checks of values people type: names, 统一社会信用代码, phone numbers, dates, and
the rules of every free-text field (``TEXT_RULES``: control characters, length).

Each returns the cleaned value or raises ``InvalidInput`` naming the field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from checklists.common.errors import InvalidInput

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z); the last
# is a check character computed from the first 17 with these weights.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
_SERVICE = re.compile(r"^[48]00-?\d{3}-?\d{4}$")


def require_text(value: object, field: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput(field, "必须填写")
    return text


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str, field: str = "统一社会信用代码") -> str:
    code = value.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise InvalidInput(field, "应为18位，实为{n}位", hint="请核对营业执照上的代码", n=len(code))
    bad = [ch for ch in code if ch not in CREDIT_ALPHABET]
    if bad:
        raise InvalidInput(field, "含有无效字符「{char}」",
                           hint="代码只含数字和除 I、O、S、V、Z 以外的大写字母", char=bad[0])
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise InvalidInput(field, "校验位错误（第18位应为 {expected}）",
                           hint="请核对营业执照上的代码，可能有字符抄错", expected=expected)
    return code


def check_phone(value: str, field: str = "电话") -> str:
    phone = re.sub(r"[\s()（）]", "", value.strip())
    phone = phone.removeprefix("+86").removeprefix("0086")
    if _MOBILE.match(phone) or _LANDLINE.match(phone) or _SERVICE.match(phone):
        return phone
    raise InvalidInput(field, "号码格式不正确：{value}",
                       hint="手机号为11位（如 13812345678），固话如 0571-87654321", value=value)


def check_date(value: date | str, field: str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    raise InvalidInput(field, "日期无效：{value}", hint="请按 2026-12-31 的格式填写", value=value)


def parse_date(value: Any, field: str) -> date:
    """``check_date`` as a ``date`` (None reads as an empty, invalid date)."""
    return date.fromisoformat(check_date("" if value is None else value, field))


# ----- free text: control characters and length limits ----------------------------------
# C0/C1 controls, lone surrogates, U+FFFE/U+FFFF and the bidi embeddings, overrides and
# isolates (which can make printed text read in another order than it was typed).
_INVISIBLE = "\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_BAD_LINE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_BAD_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")  # keeps \t and \n
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class TextRule:
    """How one text field is checked: its Chinese label (as the forms show it),
    the most characters it may hold, and whether it may hold line breaks and tabs."""

    label: str
    limit: int
    multiline: bool = False


NAME, ADDRESS, CODE, NOTE = 100, 200, 50, 2000
# (table, column) -> rule.  JSON parts have pseudo-columns: ("inspector", "name") is
# each entry of inspection.inspectors, ("finding", "basis") each citation of
# finding.basis and ("finding", "basis_all") all of them joined by "；",
# ("department", …) the department settings, ("review", "note") a re-inspection
# note.  docs/reliability.md explains the numbers.
TEXT_RULES: dict[tuple[str, str], TextRule] = {
    ("enterprise", "name"): TextRule("单位名称", NAME),
    ("enterprise", "credit_code"): TextRule("统一社会信用代码", CODE),
    ("enterprise", "address"): TextRule("地址", ADDRESS),
    ("enterprise", "district"): TextRule("所在区域", CODE),
    ("enterprise", "legal_rep"): TextRule("法定代表人", CODE),
    ("enterprise", "legal_rep_title"): TextRule("职务", CODE),
    ("enterprise", "contact"): TextRule("联系人", CODE),
    ("enterprise", "phone"): TextRule("联系电话", CODE),
    ("enterprise", "industry"): TextRule("行业", CODE),
    ("equipment", "name"): TextRule("设备名称", NAME),
    ("equipment", "register_code"): TextRule("设备注册代码", CODE),
    ("equipment", "registration_no"): TextRule("使用登记证号", CODE),
    ("equipment", "location"): TextRule("安装位置", ADDRESS),
    ("inspection", "site"): TextRule("检查场所", ADDRESS),
    ("inspection", "site_manager"): TextRule("现场负责人", CODE),
    ("inspection", "note"): TextRule("检查备注", NOTE, multiline=True),
    ("inspection", "task_source_note"): TextRule("任务来源说明", ADDRESS),
    ("inspector", "name"): TextRule("执法人员姓名", CODE),
    ("inspector", "cert_no"): TextRule("执法证号", CODE),
    ("answer", "value"): TextRule("答案", ADDRESS),
    ("answer", "note"): TextRule("检查项备注", NOTE, multiline=True),
    ("finding", "description"): TextRule("隐患描述", NOTE, multiline=True),
    ("finding", "measure"): TextRule("整改措施", NOTE, multiline=True),
    ("finding", "note"): TextRule("隐患备注", NOTE, multiline=True),
    ("finding", "basis"): TextRule("依据", 500),
    ("finding", "basis_all"): TextRule("依据", NOTE),  # all citations of a finding together
    ("finding_event", "note"): TextRule("状态变更说明", NOTE, multiline=True),
    ("photo", "caption"): TextRule("照片说明", ADDRESS),
    ("photo", "original_name"): TextRule("照片文件名", 255),
    ("photo", "taken_by"): TextRule("拍摄人", CODE),
    ("signature", "signer"): TextRule("签名人", CODE),
    ("department", "name"): TextRule("执法部门名称", NAME),
    ("department", "abbr"): TextRule("机关简称", 20),
    ("department", "government"): TextRule("本级人民政府", NAME),
    ("department", "court"): TextRule("人民法院", NAME),
    ("department", "review_body"): TextRule("行政复议机关", NAME),
    ("department", "address"): TextRule("执法部门地址", ADDRESS),
    ("department", "phone"): TextRule("执法部门电话", CODE),
    ("device", "name"): TextRule("本机名称", CODE),
    ("setting", "doc_prefix"): TextRule("文书编号前缀", 20),
    ("setting", "*"): TextRule("设置", NOTE, multiline=True),  # any other text in a setting
    ("review", "note"): TextRule("复查情况说明", NOTE, multiline=True),
    ("refusal", "note"): TextRule("拒签情况说明", ADDRESS, multiline=True),
    ("refusal", "witness"): TextRule("见证人", CODE),
    ("plan", "title"): TextRule("计划名称", NAME),
    ("plan", "note"): TextRule("计划说明", NOTE, multiline=True),
    ("plan", "scope"): TextRule("区域或行业", CODE),   # each entry of plan.districts / industries
    ("plan_draw", "public_value"): TextRule("公开随机值", ADDRESS),
    ("plan_draw", "drawn_by"): TextRule("抽取人", NAME),
    ("inspector_conflict", "reason"): TextRule("回避理由", ADDRESS),
    ("penalty", "decision_number"): TextRule("处罚决定书文号", CODE),
    ("penalty", "note"): TextRule("处罚备注", NOTE, multiline=True),
    ("enterprise", "risk_set_by"): TextRule("评定人", NAME),
    ("enterprise", "risk_reason"): TextRule("评定理由", NOTE, multiline=True),
    ("refusal", "who"): TextRule("拒签人", CODE),
    ("refusal", "file_name"): TextRule("证据文件名", 255),
    ("supervision", "supervisor"): TextRule("督办单位", NAME),
    ("supervision", "delist_basis"): TextRule("摘牌依据", ADDRESS),
}


def clean_text(value: str, field: str, *, limit: int, multiline: bool = False) -> str:
    """``value`` trimmed (line breaks normalised to \\n), or InvalidInput naming the
    field when it holds a control or invisible character or more than ``limit``
    characters.  Tabs and line breaks are kept only in multi-line fields; in
    others they become spaces (as pasted from a spreadsheet)."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = text.strip()
    if len(text) > limit:
        raise InvalidInput(field, "不能超过 {limit} 个字（现有 {n} 个字）",
                           hint="请精简内容后重新保存", limit=limit, n=len(text))
    bad = (_BAD_MULTILINE if multiline else _BAD_LINE).search(text)
    if bad:
        raise InvalidInput(field, "第 {position} 个字是不可见的控制字符（U+{char:04X}）",
                           hint="请删除该字符后重新输入（从网页或其他软件复制的文字常夹带此类字符）",
                           position=bad.start() + 1, char=ord(bad.group()))
    return text


def check_column(table: str, column: str, value: Any) -> Any:
    """``value`` checked by the rule of ``(table, column)`` (see TEXT_RULES); values
    that are not text, and columns without a rule, pass unchanged."""
    rule = TEXT_RULES.get((table, column))
    if rule is None or not isinstance(value, str):
        return value
    return clean_text(value, rule.label, limit=rule.limit, multiline=rule.multiline)


def obeys(rule: TextRule, value: str) -> bool:
    """Whether stored text keeps ``rule`` as the program's own writes leave it: within
    the limit, and no control or invisible character (line breaks and tabs only in
    multi-line fields).  For text that arrives already stored, e.g. in a sync bundle."""
    pattern = _BAD_MULTILINE if rule.multiline else _BAD_LINE
    return len(value) <= rule.limit and not pattern.search(value)


def strip_invisible(text: str) -> str:
    """``text`` without control and invisible characters (keeps \\t and \\n): for
    text already stored that must still print or export."""
    return _BAD_MULTILINE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def search_text(value: str | None) -> str:
    """A search as typed, made safe for any query: invisible characters removed,
    trimmed, at most SEARCH_LIMIT characters ("" = no search)."""
    if not isinstance(value, str):
        return ""
    return _BAD_LINE.sub("", value).strip()[:SEARCH_LIMIT].strip()
