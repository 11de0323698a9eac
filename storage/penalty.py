"""A minimal record of a 行政处罚 decision, linked to the inspection that led to it.

The record holds what the quarterly and annual reports count (storage/reports.py):
the 立案 date, and once decided the decision's number (行政处罚决定书文号), date,
kinds (行政处罚法第九条: ``vocabulary.PenaltyKind``) and the amount of a fine or
of confiscated gains in fen, an integer (entered as yuan text such as
``"12000.50"``, a ``Decimal`` or whole yuan; a float is refused, it cannot hold
every amount exactly).  The case file itself is not kept here.

Rules (the same ones ``storage/sync/rules.py`` applies to rows from a bundle):
a decision is either absent (filed only) or complete (number, date, at least
one kind); it is not dated before the 立案, which is not before the inspection's
day; neither is after today; an amount only with 罚款 or 没收违法所得, and a
fine has one; a decision number is used once.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput
from checklists.common.messages import Listing
from checklists.common.vocabulary import AMOUNT_KINDS, PenaltyKind, local_time

from .ids import parse_iso
from .validate import check_column, check_date

if TYPE_CHECKING:
    from .workspace import Workspace

FIELDS = ("filed_on", "decision_number", "decided_on", "kinds", "amount", "note")
MAX_FEN = 10 ** 15          # a thousand billion yuan: far beyond any fine, well inside INT64


@dataclass(frozen=True)
class Penalty:
    id: str
    inspection_id: str
    filed_on: str
    decision_number: str | None
    decided_on: str | None
    kinds: tuple[PenaltyKind, ...]
    amount_fen: int | None
    note: str | None

    @property
    def decided(self) -> bool:
        return self.decided_on is not None

    @property
    def amount_yuan(self) -> Decimal | None:
        return None if self.amount_fen is None else Decimal(self.amount_fen) / 100

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Penalty:
        kinds = tuple(PenaltyKind(k) for k in json.loads(row["kinds"] or "[]"))
        return cls(row["id"], row["inspection_id"], row["filed_on"], row["decision_number"],
                   row["decided_on"], kinds, row["amount_fen"], row["note"])


def yuan_text(fen: int | None) -> str:
    """12000050 -> "120000.50" (yuan with two decimals), None -> ""."""
    if fen is None:
        return ""
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def amount_fen(value: Any) -> int | None:
    """Yuan (text, ``Decimal`` or whole ``int``) as fen; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (float, bool)):
        raise InvalidInput("罚没金额", "金额须以文字或定点数给出：{value}",
                           hint="请按 12000.50 的格式填写（元，最多两位小数）", value=str(value))
    try:
        yuan = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        yuan = Decimal("NaN")
    fen = yuan * 100 if yuan.is_finite() else Decimal("0.5")
    if fen != fen.to_integral_value() or not 0 < fen < MAX_FEN:
        raise InvalidInput("罚没金额", "金额无效：{value}",
                           hint="请按 12000.50 的格式填写（元，大于零，最多两位小数）", value=str(value))
    return int(fen)


def _kinds(values: Iterable[Any] | None) -> list[PenaltyKind]:
    found: list[PenaltyKind] = []
    for value in values or ():
        try:
            kind = PenaltyKind(str(value))
        except ValueError:
            raise InvalidInput("处罚种类", "不是行政处罚法第九条规定的种类：{value}",
                               hint="请从列出的种类中选择", value=str(value)) from None
        if kind not in found:
            found.append(kind)
    return sorted(found, key=list(PenaltyKind).index)


def penalty_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of a penalty row from what the user gave (not yet checked together)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "行政处罚记录没有该字段")
    number = check_column("penalty", "decision_number", values.get("decision_number"))
    note = check_column("penalty", "note", values.get("note"))
    return {"filed_on": _optional_date(values.get("filed_on"), "立案日期"),
            "decision_number": (number or "").strip() or None,
            "decided_on": _optional_date(values.get("decided_on"), "处罚决定日期"),
            "kinds": json.dumps([str(k) for k in _kinds(values.get("kinds"))]),
            "amount_fen": amount_fen(values.get("amount")),
            "note": (note or "").strip() or None}


def check(ws: Workspace, row: Mapping[str, Any], *, own_id: str | None = None) -> None:
    """The rules across a penalty's fields (module docstring); raises on the first broken."""
    if not row["filed_on"]:
        raise InvalidInput("立案日期", "必须填写", hint="请填写立案日期")
    inspection = ws.inspection(row["inspection_id"])
    day = local_time(parse_iso(inspection.started_at)).date().isoformat()
    today = ws.today().isoformat()
    if not day <= row["filed_on"] <= today:
        raise InvalidInput("立案日期", "应在检查之日 {day} 与今天 {today} 之间", hint="请改正立案日期",
                           day=day, today=today)
    _check_decision(row, today)
    if row["decision_number"]:
        _check_number_unused(ws, row["decision_number"], own_id)


def _check_decision(row: Mapping[str, Any], today: str) -> None:
    kinds = [PenaltyKind(k) for k in json.loads(row["kinds"])]
    given = [bool(row["decision_number"]), bool(row["decided_on"]), bool(kinds)]
    if any(given) and not all(given):
        raise InvalidInput("处罚决定", "文号、决定日期与处罚种类须一并填写",
                           hint="尚未作出决定的，三项都留空，只保存立案信息")
    if row["decided_on"] and not row["filed_on"] <= row["decided_on"] <= today:
        raise InvalidInput("处罚决定日期", "应在立案日期 {filed} 与今天 {today} 之间",
                           hint="请改正处罚决定日期", filed=row["filed_on"], today=today)
    with_amount = AMOUNT_KINDS.intersection(kinds)
    if row["amount_fen"] is not None and not with_amount:
        raise InvalidInput("罚没金额", "只有罚款或没收违法所得才有金额",
                           hint="请清空金额，或在处罚种类中选择 {kinds}",
                           kinds=Listing(sorted(AMOUNT_KINDS, key=list(PenaltyKind).index)))
    if PenaltyKind.FINE in kinds and row["amount_fen"] is None:
        raise InvalidInput("罚没金额", "处以罚款的须填写金额", hint="请填写罚没金额（元）")


def _check_number_unused(ws: Workspace, number: str, own_id: str | None) -> None:
    taken = ws.execute("SELECT id FROM penalty WHERE decision_number = ? AND deleted = 0 AND id IS NOT ?",
                       [number, own_id]).fetchone()
    if taken:
        raise InvalidInput("处罚决定书文号", "文号 {number} 已用于另一项处罚记录",
                           hint="请核对文号", number=number)


def record(ws: Workspace, inspection_id: str, values: Mapping[str, Any]) -> Penalty:
    row = {"inspection_id": inspection_id, **penalty_values(values)}
    with ws.transaction():
        check(ws, row)
        return Penalty.from_row(ws._insert("penalty", row))


def update(ws: Workspace, penalty_id: str, values: Mapping[str, Any]) -> Penalty:
    current = get(ws, penalty_id)
    merged = {"filed_on": current.filed_on, "decision_number": current.decision_number,
              "decided_on": current.decided_on, "kinds": [str(k) for k in current.kinds],
              "amount": yuan_text(current.amount_fen), "note": current.note, **values}
    row = {"inspection_id": current.inspection_id, **penalty_values(merged)}
    with ws.transaction():
        check(ws, row, own_id=penalty_id)
        return Penalty.from_row(ws._update("penalty", penalty_id, row))


def delete(ws: Workspace, penalty_id: str) -> None:
    ws._update("penalty", penalty_id, {"deleted": 1}, action="delete")


def get(ws: Workspace, penalty_id: str) -> Penalty:
    row = ws._row("penalty", penalty_id)
    if row["deleted"]:
        ws._update("penalty", penalty_id, {})     # raises NotFound: the record is deleted
    return Penalty.from_row(row)


def listed(ws: Workspace, *, inspection_id: str | None = None,
           enterprise_id: str | None = None) -> list[Penalty]:
    rows = ws.query(
        "SELECT p.* FROM penalty p JOIN inspection i ON i.id = p.inspection_id WHERE p.deleted = 0 "
        "AND (:insp IS NULL OR p.inspection_id = :insp) AND (:ent IS NULL OR i.enterprise_id = :ent) "
        "ORDER BY p.filed_on DESC, p.created_at DESC", {"insp": inspection_id, "ent": enterprise_id})
    return [Penalty.from_row(r) for r in rows]


def _optional_date(value: Any, field: str) -> str | None:
    """An ISO date, or None where nothing was given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_date(value, field)
