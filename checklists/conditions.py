"""Conditions on checklist items (``when:``): a small language, and what a checklist shows.

    expression := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" expression ")" | comparison
    comparison := ref ("==" | "!=") value | ref "in" "[" value ("," value)* "]"
    ref        := "answer." ITEM_ID | "equipment." ATTR | "enterprise." ATTR
    value      := a bare word [A-Za-z0-9_.-]+ | a quoted string '...' or "..."

A tokenizer and a recursive-descent parser build a tree of frozen nodes; nothing is
ever ``eval``-ed.  :func:`evaluate` reads the tree against an :class:`Env` (the
answers so far, the equipment a per-equipment table is for, the enterprise).  A
value that is not known (an unanswered item, an attribute not recorded, an
enterprise of unknown kind) compares unequal to everything.  The tokenizer, the
parser, the tree and ``evaluate`` live in :mod:`checklists.condition_language`,
imported with the first condition read; they are still named through this module
(``from checklists.conditions import parse``).

:func:`walk` applies the conditions of a whole checklist: which items are shown,
section by section, once for the unit and once per piece of equipment.
"""
from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from checklists.common.vocabulary import EquipmentKind, Result, Sector
from checklists.model import Checklist, Item, Section

ENTERPRISE_ATTRS = ("sector",)
EQUIPMENT_KIND = "kind"        # the attribute every piece of equipment has

# The language itself (tokens, parser, tree, evaluation) is in checklists/condition_language.py,
# imported on the first condition evaluated or the first of these names asked of this module.
LANGUAGE = ("SCOPES", "ConditionError", "Ref", "Compare", "Not", "All", "Any_", "Node", "comparisons",
            "tokenize", "parse", "evaluate")


def __getattr__(name: str):
    if name in LANGUAGE:
        from checklists import condition_language

        return getattr(condition_language, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------- evaluation

@dataclass(frozen=True)
class Env:
    """What a condition reads: the results of earlier items (item id -> result; absent
    or None: unanswered), the equipment of the table (its attributes, with ``kind``)
    and the enterprise's kind."""

    answers: Mapping[str, Result | None] = field(default_factory=dict)
    equipment: Mapping[str, str] = field(default_factory=dict)
    sector: Sector | None = None


def holds(text: str | None, env: Env) -> bool:
    """Whether a ``when:`` text holds (no text: always)."""
    if text is None:
        return True
    from checklists import condition_language as language  # with the first condition

    return language.evaluate(language.parse(text), env)


# ---------------------------------------------------------------- a whole checklist

@dataclass(frozen=True)
class Table:
    """One piece of equipment inspected with a checklist's per-equipment sections."""

    equipment_id: str
    kind: EquipmentKind
    attributes: Mapping[str, str] = field(default_factory=dict)

    def env_values(self) -> dict[str, str]:
        return {**self.attributes, EQUIPMENT_KIND: str(self.kind)}


@dataclass(frozen=True)
class Part:
    """A section as walked: once for the unit (``equipment_id`` None) or for one piece of
    equipment; ``items`` are the ones shown (their conditions hold)."""

    section: Section
    equipment_id: str | None
    items: tuple[Item, ...]


Answers = Mapping[tuple[str | None, str], Result | None]   # (equipment id, item id) -> result


def walk(checklist: Checklist, answers: Answers, tables: Sequence[Table],
         sector: Sector | None) -> list[Part]:
    """The parts of ``checklist``: the unit-level sections in file order, then each table's
    sections; each with the items shown.  Items are decided in file order, so a condition
    reads the results of shown items only (a hidden item counts as unanswered); in a
    table it reads the unit's results and the table's own."""
    seen: dict[str | None, dict[str, Result | None]] = {None: {}}
    parts: dict[tuple[str, str | None], tuple[Item, ...]] = {}
    for section in checklist.sections:
        targets = ([t for t in tables if t.kind == section.per_equipment]
                   if section.per_equipment else [None])
        for table in targets:
            key = table.equipment_id if table else None
            own = seen.setdefault(key, {})
            env = Env(ChainMap(own, seen[None]), table.env_values() if table else {}, sector)
            items = []
            if holds(section.when, env):
                for item in section.items:
                    if holds(item.when, env):
                        items.append(item)
                        own[item.id] = answers.get((key, item.id))
            parts[(section.id, key)] = tuple(items)
    unit = [Part(s, None, parts[(s.id, None)]) for s in checklist.sections if not s.per_equipment]
    per = [Part(s, t.equipment_id, parts[(s.id, t.equipment_id)]) for t in tables
           for s in checklist.sections if s.per_equipment == t.kind]
    return unit + per


def shown_keys(parts: Sequence[Part]) -> set[tuple[str | None, str]]:
    """(equipment id, item id) of every item shown."""
    return {(p.equipment_id, item.id) for p in parts for item in p.items}


def kinds(checklist: Checklist) -> tuple[EquipmentKind, ...]:
    """The equipment kinds whose per-equipment sections the checklist has, in file order."""
    return tuple(dict.fromkeys(s.per_equipment for s in checklist.sections if s.per_equipment))
