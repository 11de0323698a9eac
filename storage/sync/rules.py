"""What an incoming sync row may hold: a list of rules per (table, column).

Headquarters checks every row a bundle carries with the same vocabulary the
Workspace's own writes use (the ``StrEnum`` codes of ``checklists.common.vocabulary``),
the column types of the schema (TEXT is a string, INTEGER a whole number, REAL
a finite number: JSON's ``NaN`` and ``1e999`` are refused), NOT NULL, ids,
hashes, dates and timestamps, and the JSON that some TEXT columns hold.

``checks_for(ws, table)`` derives the type and NOT NULL rules from the schema,
adds ``COLUMN_RULES`` and, for every text column with a rule in
``storage.validate.TEXT_RULES``, its length limit and the refusal of control and
invisible characters (the rules the Workspace's own writes apply).  A rule checks a whole
column of a batch at once (``all_ok``, C-level where it can), and only looks
for the first bad value when that fails, so checking stays cheap per row.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from checklists.common.messages import Listing, Msg
from checklists.common.vocabulary import (
    AMOUNT_KINDS,
    SIGNED_KINDS,
    DocumentKind,
    EquipmentKind,
    Family,
    FindingState,
    HazardLevel,
    InspectionMode,
    PenaltyKind,
    Rectification,
    Result,
    RiskColour,
    Sector,
    SignerRole,
    TaskKind,
    TaskSource,
    deadline_before,
    local_time,
)

from .. import signatures
from ..validate import TEXT_RULES, TextRule, obeys
from ..workspace import Workspace

INT64 = (-(1 << 63), (1 << 63) - 1)


@dataclass(frozen=True)
class Rule:
    """One check of a column's non-null values; ``expect`` says in Chinese what is allowed."""

    expect: str
    ok: Callable[[Any], bool]
    all_ok: Callable[[list[Any]], bool] | None = None

    def first_bad(self, values: list[Any]) -> int | None:
        """Index of the first value this rule refuses, or None."""
        if (self.all_ok(values) if self.all_ok else all(map(self.ok, values))):
            return None
        return next(n for n, v in enumerate(values) if not self.ok(v))


def _types(expect: str, *allowed: type) -> Rule:
    kinds = set(allowed)
    return Rule(expect, lambda v: type(v) in kinds, lambda vs: set(map(type, vs)) <= kinds)


TEXT = _types(Msg("文本"), str)
INTEGER = Rule(Msg("整数"), lambda v: type(v) is int and INT64[0] <= v <= INT64[1],
               lambda vs: set(map(type, vs)) <= {int} and (not vs or (INT64[0] <= min(vs)
                                                             and max(vs) <= INT64[1])))
REAL = Rule(Msg("有限的数值"), lambda v: type(v) in (int, float) and math.isfinite(v),
            lambda vs: set(map(type, vs)) <= {int, float} and all(map(math.isfinite, vs)))
TYPE_RULES = {"TEXT": TEXT, "INTEGER": INTEGER, "REAL": REAL}


def pattern(expect: str, regex: str) -> Rule:
    match = re.compile(regex).fullmatch
    return Rule(expect, lambda v: match(v) is not None, lambda vs: all(map(match, vs)))


def vocabulary(enum: type[StrEnum]) -> Rule:
    codes = frozenset(m.value for m in enum)
    return Rule(Msg("{codes} 之一", codes=Listing(sorted(codes))), codes.__contains__, lambda vs: set(vs) <= codes)


def _json_of(kind: type) -> Callable[[Any], bool]:
    def ok(value: Any) -> bool:
        try:
            return isinstance(json.loads(value), kind)
        except (ValueError, TypeError, RecursionError):
            return False
    return ok


UUID = pattern(Msg("UUID（如 0192f0c2-1b2c-7d3e-8f40-123456789abc）"),
               r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA256 = pattern(Msg("64 位十六进制 SHA-256"), r"[0-9a-f]{64}")
def _parsed(regex: str, parse: Callable[[str], Any], expect: str) -> Rule:
    """Text of a form (``regex``) that ``parse`` accepts (no 2026-13-45)."""
    match = re.compile(regex).fullmatch

    def all_ok(values: list[Any]) -> bool:
        try:
            return all(map(match, values)) and all(map(parse, values))
        except (ValueError, TypeError):
            return False
    return Rule(expect, lambda v: all_ok([v]), all_ok)


DATE = _parsed(r"\d{4}-\d{2}-\d{2}", date.fromisoformat, Msg("日期 YYYY-MM-DD"))
TIMESTAMP = _parsed(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)?",
                    datetime.fromisoformat, Msg("时间 YYYY-MM-DDTHH:MM:SS（可带毫秒与时区）"))
FLAG = Rule(Msg("0 或 1"), lambda v: v in (0, 1), lambda vs: set(vs) <= {0, 1})
JSON_LIST = Rule(Msg("JSON 数组"), _json_of(list))
JSON_OBJECT = Rule(Msg("JSON 对象"), _json_of(dict))
POSITIVE = Rule(Msg("正整数"), lambda v: v >= 1, lambda vs: not vs or min(vs) >= 1)

# A signature's strokes: canonical bytes (storage/signatures.py) within its limits of
# strokes, points and bytes, decoded with every count checked before it is used.
STROKES = Rule(Msg("规范的签名笔迹（base64，不超过 {strokes} 笔、{points} 点、{size} 字节）",
                   strokes=signatures.MAX_STROKES, points=signatures.MAX_POINTS, size=signatures.MAX_BYTES),
               signatures.valid_text)
_SIGNED_KIND = Rule(Msg("{codes} 之一", codes=Listing(sorted(str(k) for k in SIGNED_KINDS))),
                    frozenset(str(k) for k in SIGNED_KINDS).__contains__)

def _codes_list(enum: type[StrEnum]) -> Rule:
    """A JSON array of distinct codes of ``enum``."""
    codes = frozenset(m.value for m in enum)

    def ok(value: Any) -> bool:
        try:
            found = json.loads(value)
        except (ValueError, TypeError, RecursionError):
            return False
        return (isinstance(found, list) and all(isinstance(c, str) and c in codes for c in found)
                and len(set(found)) == len(found))
    return Rule(Msg("JSON 数组，元素为 {codes} 之一且不重复", codes=Listing(sorted(codes))), ok)

_RECORD = {"id": [UUID], "device_id": [UUID], "created_at": [TIMESTAMP],
           "updated_at": [TIMESTAMP], "deleted": [FLAG]}
_BY_TABLE: dict[str, dict[str, list[Rule]]] = {
    "enterprise": {"risk_colour": [vocabulary(RiskColour)], "sector": [vocabulary(Sector)],
                   "risk_set_at": [TIMESTAMP]},
    "equipment": {"enterprise_id": [UUID], "kind": [vocabulary(EquipmentKind)],
                  "next_inspection_date": [DATE]},
    "inspection": {"enterprise_id": [UUID], "equipment_id": [UUID], "parent_id": [UUID],
                   "mode": [vocabulary(InspectionMode)], "family": [vocabulary(Family)],
                   "checklists": [JSON_LIST], "inspectors": [JSON_LIST],
                   "started_at": [TIMESTAMP], "finished_at": [TIMESTAMP],
                   "task_source": [vocabulary(TaskSource)], "equipment_tables": [JSON_LIST],
                   "task_id": [UUID]},
    "answer": {"inspection_id": [UUID], "checklist_hash": [SHA256], "result": [vocabulary(Result)],
               "for_equipment": [UUID]},
    "finding": {"inspection_id": [UUID], "enterprise_id": [UUID], "equipment_id": [UUID],
                "checklist_hash": [SHA256], "level": [vocabulary(HazardLevel)],
                "basis": [JSON_LIST], "rectification": [vocabulary(Rectification)],
                "deadline": [DATE], "state": [vocabulary(FindingState)], "state_at": [TIMESTAMP]},
    "finding_event": {"id": [UUID], "device_id": [UUID], "created_at": [TIMESTAMP],
                      "finding_id": [UUID], "state": [vocabulary(FindingState)],
                      "at": [TIMESTAMP], "inspection_id": [UUID], "document_id": [UUID]},
    "photo": {"inspection_id": [UUID], "finding_id": [UUID], "checklist_hash": [SHA256],
              "derived_from": [UUID], "original_sha256": [SHA256], "normal_sha256": [SHA256],
              "thumb_sha256": [SHA256], "taken_at": [TIMESTAMP]},
    "document": {"inspection_id": [UUID], "kind": [vocabulary(DocumentKind)],
                 "issued_at": [TIMESTAMP], "pdf_sha256": [SHA256], "supersedes_id": [UUID],
                 "data": [JSON_OBJECT]},
    "signature": {"inspection_id": [UUID], "kind": [_SIGNED_KIND], "document_id": [UUID],
                  "role": [vocabulary(SignerRole)], "signed_at": [TIMESTAMP], "sha256": [SHA256],
                  "strokes": [STROKES]},
    "audit_event": {"id": [UUID], "device_id": [UUID], "device_seq": [POSITIVE],
                    "at": [TIMESTAMP], "payload": [JSON_OBJECT], "prev_hash": [SHA256],
                    "hash": [SHA256]},
    "checklist": {"hash": [SHA256], "family": [vocabulary(Family)],
                  "applies_to": [vocabulary(EquipmentKind)]},
    "plan": {"family": [vocabulary(Family)], "period_start": [DATE], "period_end": [DATE],
             "districts": [JSON_LIST], "industries": [JSON_LIST], "key_colours": [JSON_LIST],
             "inspectors": [JSON_LIST], "ratio_percent": [POSITIVE], "team_size": [POSITIVE]},
    "plan_task": {"plan_id": [UUID], "draw_id": [UUID], "enterprise_id": [UUID],
                  "number": [POSITIVE], "kind": [vocabulary(TaskKind)], "inspectors": [JSON_LIST]},
    "penalty": {"inspection_id": [UUID], "filed_on": [DATE], "decided_on": [DATE],
                "kinds": [_codes_list(PenaltyKind)], "amount_fen": [POSITIVE]},
    "supervision": {"finding_id": [UUID], "listed_on": [DATE], "deadline": [DATE],
                    "notice_document_id": [UUID], "delisted_on": [DATE]},
}
_RECORD_TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "photo", "document",
                  "plan", "plan_task", "signature", "penalty", "supervision")

# (table, column) -> rules beyond the column's type and NOT NULL.  Add here to plug in more.
COLUMN_RULES: dict[tuple[str, str], list[Rule]] = {
    **{(t, c): list(r) for t in _RECORD_TABLES for c, r in _RECORD.items()},
    **{(t, c): list(r) for t, cols in _BY_TABLE.items() for c, r in cols.items()},
}
_CHECKLIST_TYPES = {"hash": "TEXT", "id": "TEXT", "version": "TEXT", "title": "TEXT",
                    "family": "TEXT", "applies_to": "TEXT", "item_count": "INTEGER",
                    "yaml": "TEXT"}


@dataclass(frozen=True)
class ColumnCheck:
    column: str
    required: bool
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class BadValue:
    column: str
    row: int            # index in the batch
    value: Any
    expect: str


def _text(rule: TextRule) -> Rule:
    where = Msg("可含换行") if rule.multiline else Msg("单行")
    return Rule(Msg("{label}：不超过 {limit} 个字、{where}、不含控制字符的文字", label=Msg(rule.label),
                    limit=rule.limit, where=where),
                lambda v: not isinstance(v, str) or obeys(rule, v))


def checks_for(ws: Workspace, table: str) -> dict[str, ColumnCheck]:
    """Each column's checks: its schema type and NOT NULL, then ``COLUMN_RULES``."""
    found = {}
    for _, name, decl, notnull, _default, _pk in ws.execute(f"PRAGMA table_info([{table}])"):
        if table == "checklist" and name not in _CHECKLIST_TYPES:
            continue
        kind = TYPE_RULES.get((decl or "").upper())
        base = (kind,) if kind else ()
        text = TEXT_RULES.get((table, name))
        extra = (_text(text),) if text else ()
        found[name] = ColumnCheck(name, bool(notnull) or name == "id",
                                  (*base, *COLUMN_RULES.get((table, name), ()), *extra))
    return found


def first_bad(checks: dict[str, ColumnCheck], columns: Sequence[str],
              rows: list[list[Any]]) -> BadValue | None:
    """The first value of ``rows`` (lists in ``columns`` order) that breaks a rule."""
    for n, name in enumerate(columns):
        check = checks.get(name)
        if check is None:
            continue
        values = [r[n] for r in rows]
        if None in values:
            if check.required:
                return BadValue(name, values.index(None), None, Msg("必填，不能为空"))
            where = [k for k, v in enumerate(values) if v is not None]
            values = [values[k] for k in where]
        else:
            where = None
        for rule in check.rules:
            bad = rule.first_bad(values)
            if bad is not None:
                return BadValue(name, where[bad] if where is not None else bad, values[bad],
                                rule.expect)
    return None


# ----- rules across the columns of one row ---------------------------------------------
def _deadline_not_before_creation(row: dict[str, Any]) -> bool:
    """A finding's deadline is not before the day (Asia/Shanghai) the finding was recorded
    (``vocabulary.deadline_before``, the rule every other path applies)."""
    try:
        created = local_time(datetime.fromisoformat(row["created_at"])).date()
    except (TypeError, ValueError):
        return True          # the column rules report a bad timestamp
    return not deadline_before(row["deadline"], created)


def _decision_whole(row: dict[str, Any]) -> bool:
    """A penalty's decision is absent or complete: number, date and kinds together."""
    try:
        kinds = json.loads(row["kinds"])
    except (TypeError, ValueError):
        return True          # the column rules report bad JSON
    given = [bool(row["decision_number"]), bool(row["decided_on"]), bool(kinds)]
    return all(given) or not any(given)


def _decided_after_filing(row: dict[str, Any]) -> bool:
    return row["decided_on"] is None or str(row["decided_on"]) >= str(row["filed_on"])


def _amount_with_its_kind(row: dict[str, Any]) -> bool:
    """An amount only with 罚款 or 没收违法所得; a fine has one."""
    try:
        kinds = set(json.loads(row["kinds"]))
    except (TypeError, ValueError):
        return True
    if row["amount_fen"] is not None and not kinds & AMOUNT_KINDS:
        return False
    return not (PenaltyKind.FINE in kinds and row["amount_fen"] is None)
def _supervision_dates(row: dict[str, Any]) -> bool:
    """A 督办期限 and a 摘牌 date are not before the day of 挂牌 (ISO dates compare as text;
    the column rules report a date that is not one)."""
    listed = str(row["listed_on"])
    return str(row["deadline"]) >= listed and (row["delisted_on"] is None or str(row["delisted_on"]) >= listed)


def _delisted_with_basis(row: dict[str, Any]) -> bool:
    """摘牌 carries its basis; a listing not 摘牌 carries none."""
    return (row["delisted_on"] is None) == (not row["delist_basis"])


# table -> (columns the rule reads, the column it names, what is expected, the check)
def _strokes_hash(row: dict[str, Any]) -> bool:
    """A signature's ``sha256`` is the SHA-256 of its strokes' canonical bytes."""
    try:
        data = base64.b64decode(row["strokes"], validate=True)
    except (TypeError, ValueError):
        return True          # the column rules report bad strokes
    return hashlib.sha256(data).hexdigest() == row["sha256"]


ROW_RULES: dict[str, list[tuple[tuple[str, ...], str, str, Callable[[dict[str, Any]], bool]]]] = {
    "finding": [(("deadline", "created_at"), "deadline", "不早于隐患登记之日的整改期限",
                 _deadline_not_before_creation)],
    "signature": [(("strokes", "sha256"), "sha256", Msg("签名笔迹的 SHA-256"), _strokes_hash)],
    "penalty": [(("decision_number", "decided_on", "kinds"), "kinds",
                 "处罚决定的文号、日期与种类一并填写或都不填", _decision_whole),
                (("decided_on", "filed_on"), "decided_on", "不早于立案日期的处罚决定日期",
                 _decided_after_filing),
                (("amount_fen", "kinds"), "kinds", "罚款须有金额，金额只用于罚款或没收违法所得",
                 _amount_with_its_kind)],
    "supervision": [(("deadline", "listed_on", "delisted_on"), "deadline",
                     "不早于挂牌日期的督办期限和摘牌日期", _supervision_dates),
                    (("listed_on", "delisted_on", "delist_basis"), "listed_on",
                     "摘牌时有摘牌依据，未摘牌时没有", _delisted_with_basis)],
}


def first_bad_row(table: str, columns: Sequence[str], rows: list[list[Any]]) -> BadValue | None:
    """The first row of ``rows`` that breaks a rule across its columns (``ROW_RULES``)."""
    for needs, named, expect, ok in ROW_RULES.get(table, ()):
        if not set(needs) <= set(columns):
            continue
        at = [columns.index(c) for c in needs]
        for n, row in enumerate(rows):
            values = dict(zip(needs, (row[i] for i in at)))
            if values[named] is not None and not ok(values):
                return BadValue(named, n, values[named], expect)
    return None
