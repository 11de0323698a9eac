"""The loader's checks of per-equipment sections and conditions (``per_equipment``,
``attributes``, ``when``): a mixin of :class:`checklists.loader._Checker`, kept apart
so the loader stays readable.  Every problem is reported at its line; nothing stops
at the first.  The language itself is in :mod:`checklists.conditions`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from yaml.nodes import Node, ScalarNode

from checklists.common.messages import Listing, Msg
from checklists.common.vocabulary import EquipmentKind, Result, Sector
from checklists.conditions import (
    ENTERPRISE_ATTRS,
    EQUIPMENT_KIND,
    Compare,
    ConditionError,
    comparisons,
    parse,
)
from checklists.model import Attribute, Checklist

ATTRIBUTE_ID = re.compile(r"[a-z][a-z0-9_]*")
ATTRIBUTE_KEYS = {"id": True, "label": True, "choices": True}
_VALUE = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class _When:
    """A condition as written: its node (for the line), who has it, where it stands."""

    node: Node
    text: str
    what: str
    kind: EquipmentKind | None      # the per-equipment kind of its section
    section_id: str | None
    item_id: str | None             # None: a section's condition


def _near(value: str, options: list[str]) -> Msg:
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    listed = Listing(options) if options else Msg("无")
    if close:
        return Msg("是否应为“{close}”？（可用：{options}）", close=close[0], options=listed)
    return Msg("可用：{options}", options=listed)


class ConditionChecks:
    """Mixin: needs ``error``, ``text``, ``fields``, ``sequence`` of the checker."""

    def init_conditions(self) -> None:
        self.whens: list[_When] = []

    def when(self, fields: dict[str, Node], what: str, kind: EquipmentKind | None,
             section_id: str | None, item_id: str | None = None) -> str | None:
        """The ``when`` text, its syntax checked; kept for :meth:`check_conditions`."""
        text = self.text(fields, "when", what)
        if text is None:
            return None
        try:
            parse(text)
        except ConditionError as err:
            self.error(fields["when"], "{what}：when 条件第 {column} 个字符处：{problem}",
                       "按 docs/checklist-format.md 的“条件”一节书写，例如 when: answer.PV-02-01 == fail",
                       what=what, column=err.column, problem=err.message)
            return text
        self.whens.append(_When(fields["when"], text, what, kind, section_id, item_id))
        return text

    def per_equipment(self, fields: dict[str, Node], what: str) -> EquipmentKind | None:
        value = self.text(fields, "per_equipment", what)
        if value is None:
            return None
        options = [k.value for k in EquipmentKind]
        if value not in options:
            self.error(fields["per_equipment"], "{what}：per_equipment 的值“{value}”不是设备种类",
                       _near(value, options), what=what, value=value)
            return None
        return EquipmentKind(value)

    def attributes(self, fields: dict[str, Node], what: str, kind: EquipmentKind | None,
                   declared: dict) -> tuple[Attribute, ...]:
        """The attributes of a per-equipment section; ``declared`` ((kind, id) -> node)
        spans the checklist, so an attribute is declared once per kind."""
        if "attributes" not in fields:
            return ()
        if "per_equipment" not in fields:
            self.error(fields["attributes"], "{what}：attributes 只用于按设备重复的章节",
                       "加上 per_equipment: 设备种类，或删去 attributes", what=what)
        out = []
        for index, node in enumerate(self.sequence(fields["attributes"], what, "attributes") or [], 1):
            attribute = self.attribute(node, Msg("{what} 的第 {index} 个属性", what=what, index=index))
            if attribute is None:
                continue
            first = declared.get((kind, attribute.id))
            if first is not None:
                self.error(node, "{what}：属性 {id} 已在第 {line} 行声明", "同一种设备的每个属性只声明一次",
                           what=what, id=attribute.id, line=first.start_mark.line + 1)
                continue
            declared[(kind, attribute.id)] = node
            out.append(attribute)
        return tuple(out)

    def attribute(self, node: Node, what: str) -> Attribute | None:
        fields = self.fields(node, what, ATTRIBUTE_KEYS)
        if fields is None:
            return None
        attribute_id = self.text(fields, "id", what)
        if attribute_id is not None and (not ATTRIBUTE_ID.fullmatch(attribute_id)
                                         or attribute_id == EQUIPMENT_KIND):
            self.error(fields["id"], "{what}：属性 id“{value}”不可用",
                       "只用小写字母、数字和下划线，以字母开头（kind 是设备种类，已有），例如 quick_open",
                       what=what, value=attribute_id)
            attribute_id = None
        label = self.text(fields, "label", what)
        choices = self.attribute_choices(fields, what)
        if attribute_id is None or label is None or choices is None:
            return None
        return Attribute(attribute_id, label, choices)

    def attribute_choices(self, fields: dict[str, Node], what: str) -> tuple[str, ...] | None:
        """Plain words (yes / no are read as written, not as booleans), two or more."""
        if "choices" not in fields:
            return None
        out: list[str] = []
        for node in self.sequence(fields["choices"], what, "choices") or []:
            value = node.value if isinstance(node, ScalarNode) else None
            if value is None or not _VALUE.fullmatch(value):
                self.error(node, "{what}：choices 的每项应是一个词（字母、数字、_ . -）",
                           "例如 choices: [yes, no]", what=what)
            elif value in out:
                self.error(node, "{what}：choices 中“{value}”重复", "每个选项只写一次", what=what, value=value)
            else:
                out.append(value)
        if len(out) < 2:
            self.error(fields["choices"], "{what}：choices 至少要有两个选项", "例如 choices: [yes, no]", what=what)
            return None
        return tuple(out)

    # -- across the checklist

    def check_conditions(self, checklist: Checklist) -> None:
        """Every reference of every condition: to an earlier item of the same scope, to a
        declared attribute, with values the reference can take."""
        order = {item.id: n for n, item in enumerate(checklist.items())}
        kind_of = {item.id: section.per_equipment for section in checklist.sections
                   for item in section.items}
        first = {s.id: order[s.items[0].id] for s in checklist.sections if s.items}
        for when in self.whens:
            here = order.get(when.item_id) if when.item_id else first.get(when.section_id)
            for comparison in comparisons(parse(when.text)):
                self.reference(checklist, when, comparison, (here, order, kind_of))

    def reference(self, checklist: Checklist, when: _When, comparison: Compare, where: tuple) -> None:
        ref = comparison.ref
        if ref.scope == "answer":
            self.answer_ref(when, comparison, where)
        elif ref.scope == "enterprise":
            if ref.name not in ENTERPRISE_ATTRS:
                self.error(when.node, "{what}：when 中的 {ref} 不存在", _near(ref.name, list(ENTERPRISE_ATTRS)),
                           what=when.what, ref=str(ref))
            else:
                self.values(when, comparison, [s.value for s in Sector])
        elif when.kind is None:
            self.error(when.node, "{what}：when 中的 {ref} 只能用于按设备重复的章节（per_equipment）",
                       "改用 answer. 或 enterprise. 条件，或把本项移入按设备重复的章节",
                       what=when.what, ref=str(ref))
        elif ref.name == EQUIPMENT_KIND:
            self.values(when, comparison, [k.value for k in EquipmentKind])
        else:
            attributes = {a.id: a for a in checklist.attributes(when.kind)}
            if ref.name not in attributes:
                self.error(when.node, "{what}：when 中的设备属性 {name} 未声明", _near(ref.name, [*attributes, "kind"]),
                           what=when.what, name=ref.name)
            else:
                self.values(when, comparison, list(attributes[ref.name].choices))

    def answer_ref(self, when: _When, comparison: Compare, where: tuple) -> None:
        here, order, kind_of = where
        name = comparison.ref.name
        if name not in order:
            self.error(when.node, "{what}：when 引用的检查项 {item} 不存在", _near(name, list(order)),
                       what=when.what, item=name)
            return
        if name == when.item_id:
            self.error(when.node, "{what}：when 引用了本项自身（循环）", "条件只能读取在本项之前的检查项的结果",
                       what=when.what)
            return
        if here is not None and order[name] >= here:
            self.error(when.node, "{what}：when 引用的检查项 {item} 在本项之后（或在同一章节内，形成循环）",
                       "条件只能读取在前面的检查项的结果：调整顺序，或改引用前面的检查项",
                       what=when.what, item=name)
            return
        if kind_of[name] is not None and kind_of[name] != when.kind:
            self.error(when.node, "{what}：when 引用的检查项 {item} 按每台{kind}重复，本项不在同一设备的表中",
                       "只在同一种设备的章节中引用它，或改引用单位层面的检查项",
                       what=when.what, item=name, kind=kind_of[name])
            return
        self.values(when, comparison, [r.value for r in Result])

    def values(self, when: _When, comparison: Compare, options: list[str]) -> None:
        for value in comparison.values:
            if value not in options:
                self.error(when.node, "{what}：when 中 {ref} 的取值“{value}”无效", _near(value, options),
                           what=when.what, ref=str(comparison.ref), value=value)
