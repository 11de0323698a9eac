"""Immutable checklist objects, built by :mod:`checklists.loader` from YAML.

Everything here is a frozen dataclass whose collections are tuples, so a loaded
checklist can be shared freely (between threads, inspections, the UI) and its
version hash always describes exactly what is in it.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checklists.common.errors import NotFound
from checklists.common.vocabulary import (
    AnswerKind,
    CitationRole,
    EquipmentKind,
    Family,
    HazardLevel,
    Rectification,
    Sector,
)


@dataclass(frozen=True)
class Citation:
    """A legal provision: the instrument's name (without 《》) and the article as printed.

    ``role`` says what it is cited for: the obligation the finding breaches (违反的规定),
    or the criterion (判定标准, e.g. GB 45067) that makes the hazard 重大/严重."""

    instrument: str
    article: str
    role: CitationRole = CitationRole.OBLIGATION

    def __str__(self) -> str:
        return f"《{self.instrument}》{self.article}"


@dataclass(frozen=True)
class AnswerSpec:
    """What kind of answer an item takes; number limits and choices where they apply."""

    kind: AnswerKind = AnswerKind.PASS_FAIL
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One question of a checklist; ``line`` is where it starts in its YAML file.

    ``sectors`` lists the kinds of enterprise the item applies to (empty: every
    kind).  ``major_in`` narrows a ``major`` level to those kinds of enterprise
    (empty: major for all); elsewhere the item is a general hazard.
    """

    id: str
    question: str
    check_points: tuple[str, ...]
    basis: tuple[Citation, ...]
    penalty: tuple[Citation, ...]
    hazard_level: HazardLevel
    gb45067: str | None
    rectification: Rectification
    rectification_days: int | None
    answer: AnswerSpec
    section_id: str
    line: int
    sectors: tuple[Sector, ...] = ()
    major_in: tuple[Sector, ...] = ()
    when: str | None = None     # a condition (checklists/conditions.py); None: always shown

    def applies_in(self, sector: Sector | None) -> bool:
        """Whether the item applies to an enterprise of ``sector`` (unknown: it may)."""
        return not self.sectors or sector is None or sector in self.sectors

    def level_for(self, sector: Sector | None) -> HazardLevel:
        """The hazard level of a failed answer at an enterprise of ``sector``.  A level
        that is major only in some sectors is general where the sector is unknown:
        the mapping is applied only where the enterprise is known to fall under it."""
        if self.hazard_level == HazardLevel.MAJOR and self.major_in and sector not in self.major_in:
            return HazardLevel.GENERAL
        return self.hazard_level


@dataclass(frozen=True)
class Attribute:
    """Something the inspector records about each piece of equipment of a per-equipment
    section (e.g. quick_open: yes / no), which conditions read as ``equipment.<id>``."""

    id: str
    label: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A section; with ``per_equipment`` (an equipment kind) it repeats for each piece
    of equipment of that kind the inspector selects, ``attributes`` recorded for each.
    ``when`` is a condition on every item of the section."""

    id: str
    title: str
    items: tuple[Item, ...]
    per_equipment: EquipmentKind | None = None
    attributes: tuple[Attribute, ...] = ()
    when: str | None = None


@dataclass(frozen=True)
class Checklist:
    """A whole checklist. ``applies_to`` is None for a general (work-safety) checklist.

    ``hash`` is the SHA-256 of the canonical content (see ``loader.content_hash``);
    ``source`` names the file it was read from.
    """

    id: str
    version: str
    title: str
    title_en: str | None
    family: Family
    applies_to: EquipmentKind | None
    description: str | None
    sections: tuple[Section, ...]
    hash: str
    source: str
    sectors: tuple[Sector, ...] = ()

    def applies_in(self, sector: Sector | None) -> bool:
        """Whether the checklist is written for an enterprise of ``sector`` (unknown: it may)."""
        return not self.sectors or sector is None or sector in self.sectors

    def items(self) -> Iterator[Item]:
        """Every item, section by section, in file order."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item:
        for candidate in self.items():
            if candidate.id == item_id:
                return candidate
        raise NotFound(
            "检查表 {id} {version} 中没有检查项 {item!r} (checklist {id} {version} has no item {item!r})",
            hint="check the item id; ids are never renumbered, so the checklist version may differ",
            id=self.id, version=self.version, item=item_id)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def attributes(self, kind: EquipmentKind) -> tuple[Attribute, ...]:
        """The attributes recorded for equipment of ``kind``, over its sections."""
        return tuple(a for s in self.sections if s.per_equipment == kind for a in s.attributes)

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)
