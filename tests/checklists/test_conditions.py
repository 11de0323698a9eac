"""Conditions (when:) and per-equipment sections: the parser, evaluation, what a whole
checklist shows, and the loader's errors — each kind, all at once, at their lines."""
from __future__ import annotations

import pytest

from checklists import check_text, load_text
from checklists.common.vocabulary import EquipmentKind, Result, Sector
from checklists.conditions import All, Any_, Compare, ConditionError, Env, Not, Table, evaluate, parse, walk
from tests.checklists.conftest import GOOD
from tests.equipment_sample import CHECKLIST


def test_the_grammar_binds_not_before_and_before_or():
    tree = parse("not answer.A-01 == pass and enterprise.sector == trade or equipment.kind in [boiler, 'x y']")
    assert isinstance(tree, Any_) and isinstance(tree.operands[0], All)
    assert isinstance(tree.operands[0].operands[0], Not)
    last = tree.operands[1]
    assert isinstance(last, Compare) and last.op == "in" and last.values == ("boiler", "x y")
    assert parse("(answer.A-01 == pass)") == parse(' answer.A-01=="pass" ')


@pytest.mark.parametrize(("text", "column", "words"), [
    ("answer.A-01 = fail", 13, "=="),
    ("answer.A-01 == ", 16, "值"),
    ("answr.A-01 == fail", 1, "answer."),
    ("answer.A-01 == fail answer.A-02 == pass", 21, "and / or"),
    ("(answer.A-01 == fail", 21, ")"),
    ("answer.A-01 in [pass, fail", 27, "]"),
    ("answer.A-01 == 'fail", 16, "引号"),
    ("answer.A-01 > 3", 13, "不认识"),
    ("", 1, "空"),
])
def test_syntax_errors_give_the_column(text, column, words):
    with pytest.raises(ConditionError) as caught:
        parse(text)
    assert caught.value.column == column and words in caught.value.message


def test_an_unknown_value_compares_unequal_to_everything():
    env = Env(answers={"A-01": Result.FAIL, "A-02": None}, equipment={"quick_open": "yes"}, sector=None)
    assert evaluate(parse("answer.A-01 == fail"), env)
    assert not evaluate(parse("answer.A-02 == pass"), env) and evaluate(parse("answer.A-02 != pass"), env)
    assert not evaluate(parse("answer.A-03 in [pass, fail, na]"), env)
    assert not evaluate(parse("enterprise.sector == trade"), env)
    assert evaluate(parse("enterprise.sector == trade"), Env(sector=Sector.TRADE))
    assert evaluate(parse("equipment.quick_open == yes and not answer.A-01 != fail"), env)


def test_walk_repeats_a_per_equipment_section_and_reads_each_tables_own_answers():
    checklist = load_text(CHECKLIST, "sample.yaml")
    tables = [Table("a", EquipmentKind.PRESSURE_VESSEL, {"quick_open": "no"}),
              Table("b", EquipmentKind.PRESSURE_VESSEL, {})]
    parts = walk(checklist, {("b", "PV-02-02"): Result.FAIL}, tables, Sector.OTHER)
    shown = {(p.section.id, p.equipment_id): [i.id for i in p.items] for p in parts}
    assert shown == {("unit", None): ["PV-01-01"],
                     ("vessel", "a"): ["PV-02-01", "PV-02-02"],
                     ("vessel", "b"): ["PV-02-01", "PV-02-02", "PV-02-03"]}


BROKEN = """\
id: broken-sample
version: "1"
title: 条件错误样例
family: samr
applies_to: pressure_vessel
sections:
  - id: unit
    title: 单位
    when: answer.PV-01-01 == pass
    items:
      - id: PV-01-01
        question: 问题一？
        check_points: [看]
        when: answer.PV-01-01 == fail
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第三十三条}]
      - id: PV-01-02
        question: 问题二？
        check_points: [看]
        when: answer.PV-09-09 == fail or enterprise.sektor == trade
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第三十三条}]
      - id: PV-01-03
        question: 问题三？
        check_points: [看]
        when: answer.PV-01-04 == pass and answer.PV-01-01 == failed and enterprise.sector == factory
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第三十三条}]
      - id: PV-01-04
        question: 问题四？
        check_points: [看]
        when: equipment.quick_open == yes or answer.PV-01-01 = pass
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第三十三条}]
  - id: vessel
    title: 每台
    per_equipment: pressure_vesel
    items:
      - id: PV-02-01
        question: 问题五？
        check_points: [看]
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第四十条}]
  - id: boiler
    title: 每台锅炉
    per_equipment: boiler
    attributes:
      - {id: medium, label: 介质, choices: [steam, water]}
      - {id: medium, label: 介质, choices: [steam, oil]}
    items:
      - id: PV-03-01
        question: 问题六？
        check_points: [看]
        when: equipment.medum == steam or equipment.medium == oil or answer.PV-02-01 == fail
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第四十条}]
  - id: plain
    title: 普通章节
    attributes:
      - {id: size, label: 大小, choices: [big, small]}
    items:
      - id: PV-04-01
        question: 问题七？
        check_points: [看]
        when: answer.PV-03-01 == pass
        basis: [{instrument: 中华人民共和国特种设备安全法, article: 第四十条}]
"""


def test_the_loader_reports_every_condition_problem_at_its_line():
    checklist, problems = check_text(BROKEN, "broken.yaml")
    assert checklist is None
    got = [(p.line, str(p.message)) for p in problems if not p.warning]
    expected = [
        (9, "章节 unit：when 引用的检查项 PV-01-01 在本项之后"),              # a section reading its own item
        (14, "检查项 PV-01-01：when 引用了本项自身（循环）"),
        (19, "检查项 PV-01-02：when 引用的检查项 PV-09-09 不存在"),
        (19, "检查项 PV-01-02：when 中的 enterprise.sektor 不存在"),
        (24, "检查项 PV-01-03：when 引用的检查项 PV-01-04 在本项之后"),
        (24, "检查项 PV-01-03：when 中 answer.PV-01-01 的取值“failed”无效"),
        (24, "检查项 PV-01-03：when 中 enterprise.sector 的取值“factory”无效"),
        (29, "检查项 PV-01-04：when 条件第 48 个字符处：比较要写两个等号"),
        (33, "章节 vessel：per_equipment 的值“pressure_vesel”不是设备种类"),
        (44, "章节 boiler：属性 medium 已在第 43 行声明"),
        (49, "检查项 PV-03-01：when 中的设备属性 medum 未声明"),
        (49, "检查项 PV-03-01：when 中 equipment.medium 的取值“oil”无效"),
        (54, "章节 plain：attributes 只用于按设备重复的章节"),
        (59, "检查项 PV-04-01：when 引用的检查项 PV-03-01 按每台锅炉重复"),
    ]
    for line, start in expected:
        assert any(at == line and text.startswith(start) for at, text in got), (line, start, got)
    assert len(got) == len(expected)
    hints = {str(p.hint) for p in problems}
    for near in ("是否应为“fail”", "是否应为“sector”", "是否应为“medium”", "是否应为“pressure_vessel”"):
        assert any(near in h for h in hints), near


def test_checklists_without_the_new_syntax_keep_their_hash():
    """GOOD hashes as it did before per-equipment sections and conditions existed; the
    new keys count only where they are written."""
    assert load_text(GOOD).hash == "7daccb9e523f604d731ee7883081adfee1a4b5658aa14f421639f2f70b4df6ce"
    without = CHECKLIST.replace("        when: answer.PV-02-02 == fail\n", "")
    assert load_text(CHECKLIST).hash != load_text(without).hash
    flat = without.replace("    per_equipment: pressure_vessel\n", "")
    assert load_text(without).hash != load_text(flat.split("    attributes:")[0] + flat.split("choices: [yes, no]\n")[1]
                                                .replace("        when: equipment.quick_open == yes\n", "")).hash


def test_the_language_is_named_through_conditions_as_before():
    """The tokenizer, parser, tree and evaluation live in checklists/condition_language.py,
    imported on first use, and are still named through checklists.conditions."""
    from checklists import condition_language, conditions

    assert conditions.parse is condition_language.parse and conditions.Compare is condition_language.Compare
    assert conditions.ConditionError is condition_language.ConditionError
    assert conditions.SCOPES == ("answer", "equipment", "enterprise")
    with pytest.raises(AttributeError, match="no_such_name"):
        conditions.no_such_name  # noqa: B018
