"""Checks of values people type: names, 统一社会信用代码, phone numbers, dates.

Each returns the cleaned value or raises ``InvalidInput`` naming the field.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from checklists.errors import InvalidInput

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
        raise InvalidInput(field, f"应为18位，实为{len(code)}位", hint="请核对营业执照上的代码")
    bad = [ch for ch in code if ch not in CREDIT_ALPHABET]
    if bad:
        raise InvalidInput(field, f"含有无效字符「{bad[0]}」",
                           hint="代码只含数字和除 I、O、S、V、Z 以外的大写字母")
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise InvalidInput(field, f"校验位错误（第18位应为 {expected}）",
                           hint="请核对营业执照上的代码，可能有字符抄错")
    return code


def check_phone(value: str, field: str = "电话") -> str:
    phone = re.sub(r"[\s()（）]", "", value.strip())
    phone = phone.removeprefix("+86").removeprefix("0086")
    if _MOBILE.match(phone) or _LANDLINE.match(phone) or _SERVICE.match(phone):
        return phone
    raise InvalidInput(field, f"号码格式不正确：{value}",
                       hint="手机号为11位（如 13812345678），固话如 0571-87654321")


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
    raise InvalidInput(field, f"日期无效：{value}", hint="请按 2026-12-31 的格式填写")
