"""The loader on real files: every error class names its line and key, all at once."""
from __future__ import annotations

import dataclasses

import pytest

from checklists import ChecklistInvalid, Citation, check_file, check_text, load_file, load_text
from checklists.common.errors import NotFound
from checklists.common.vocabulary import AnswerKind, EquipmentKind, Family, HazardLevel, Rectification
from checklists.loader import MAX_BYTES

from .conftest import GOOD


def mutate(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) >= 1, f"fixture does not contain {old!r}"
    return text.replace(old, new, 1)


def errors(problems):
    return [p for p in problems if not p.warning]


def test_valid_file_builds_frozen_objects(write):
    checklist = load_file(write(GOOD))
    assert (checklist.id, checklist.version, checklist.family) == ("elevator-user", "2026.1", Family.SAMR)
    assert checklist.applies_to is EquipmentKind.ELEVATOR
    assert [s.id for s in checklist.sections] == ["registration", "maintenance"]
    assert [i.id for i in checklist.items()] == ["EL-01", "EL-02"]
    assert checklist.item_count == 2
    first = checklist.item("EL-01")
    assert (first.line, first.section_id, first.gb45067) == (12, "registration", "4.6 a)")
    assert first.hazard_level is HazardLevel.MAJOR and first.rectification_days == 30
    assert str(first.penalty[0]) == "《中华人民共和国特种设备安全法》第八十三条第（一）项"
    assert (first.answer.kind, first.answer.unit, first.answer.min, first.answer.max) == (
        AnswerKind.NUMBER, "MPa", 0.1, 1.6)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.question = "x"
    assert len(checklist.hash) == 64 and checklist.source.endswith("c.yaml")


def test_defaults_apply_when_keys_are_absent():
    item = load_text(GOOD).item("EL-02")
    assert item.hazard_level is HazardLevel.GENERAL
    assert item.rectification is Rectification.DEADLINE and item.rectification_days == 15
    assert item.penalty == () and item.gb45067 is None
    assert item.answer.choices == ("有合同", "无合同")
    plain = load_text(mutate("        answer:\n          kind: choice\n          choices: [有合同, 无合同]\n", ""))
    assert plain.item("EL-02").answer.kind is AnswerKind.PASS_FAIL


def test_general_checklist_has_no_equipment_kind():
    text = mutate("applies_to: elevator", "applies_to: general")
    text = mutate('        gb45067: "4.6 a)"\n', "", text)
    assert load_text(text).applies_to is None


def test_unknown_item_id_is_not_found():
    with pytest.raises(NotFound, match="EL-99"):
        load_text(GOOD).item("EL-99")


def test_citation_prints_inside_book_title_marks():
    assert str(Citation("中华人民共和国安全生产法", "第二十一条")) == "《中华人民共和国安全生产法》第二十一条"


# (old, new, expected line, words the message at that line must contain)
CASES = {
    "typo key": ("        question: 电梯是否", "        questoin: 电梯是否", 13, ["questoin", "“question”？"]),
    "typo enum": ("hazard_level: major", "hazard_level: majr", 22, ["hazard_level", "majr", "“major”？"]),
    "typo family": ("family: samr", "family: smar", 5, ["family", "smar", "“samr”？"]),
    "typo top key": ("description:", "descripton:", 7, ["descripton", "“description”？"]),
    "duplicate key": ("        check_points: [查看维保合同]\n",
                      "        check_points: [查看维保合同]\n        question: 又一个问题\n", 37,
                      ["question", "重复", "35"]),
    "duplicate section id": ("  - id: maintenance", "  - id: registration", 31, ["registration", "重复", "第 9 行"]),
    "duplicate item id": ("      - id: EL-02", "      - id: EL-01", 34, ["EL-01", "重复", "第 12 行"]),
    "missing required": ("title: 电梯使用单位安全监督检查表\n", "", 1, ["缺少", "“title”"]),
    "missing article": ("            article: 第四十五条\n", "", 38, ["缺少", "“article”"]),
    "empty required": ("        question: 是否由取得许可的单位进行维护保养？", "        question:", 35, ["question", "没有值"]),
    "list expected": ("check_points: [查看维保合同]", "check_points: 查看维保合同", 36, ["check_points", "列表"]),
    "basis empty": ("        basis:\n          - instrument: 中华人民共和国特种设备安全法\n            article: 第四十五条",
                    "        basis: []", 37, ["basis", "至少"]),
    "text expected": ("title: 维护保养", "title: [维护, 保养]", 32, ["title", "文字", "列表"]),
    "version unquoted": ('version: "2026.1"', "version: 2026.1", 2, ["version", "小数", '"2026.1"']),
    "min > max": ("min: 0.1", "min: 5", 29, ["min（5）", "max（1.6）"]),
    "not a number": ("max: 1.6", "max: 高", 30, ["max", "数值"]),
    "unit missing": ("          unit: MPa\n", "", 27, ["number", "unit"]),
    "unit on text": ("kind: number", "kind: text", 28, ["unit", "number"]),
    "choices missing": ("          choices: [有合同, 无合同]\n", "", 41, ["choice", "choices"]),
    "choices duplicated": ("[有合同, 无合同]", "[有合同, 有合同]", 42, ["choices", "有合同", "重复"]),
    "choices empty": ("[有合同, 无合同]", "[]", 42, ["choices", "空"]),
    "gb45067 needs major": ("hazard_level: major", "hazard_level: general", 23, ["gb45067", "hazard_level: major"]),
    "gb45067 format": ('"4.6 a)"', '"4.6a"', 23, ["gb45067", "4.6a", "“4.6 a)”？"]),
    "gb45067 chapter": ('"4.6 a)"', '"5.1 a)"', 23, ["gb45067", "5.1 a)"]),
    "days with immediate": ("rectification: deadline", "rectification: immediate", 25, ["rectification_days", "immediate"]),
    "days too many": ("rectification_days: 30", "rectification_days: 400", 25, ["rectification_days", "400", "1–365"]),
    "days zero": ("rectification_days: 30", "rectification_days: 0", 25, ["rectification_days", "1–365"]),
    "days not int": ("rectification_days: 30", "rectification_days: 半月", 25, ["rectification_days", "整数"]),
    "checklist id": ("id: elevator-user", "id: Elevator User", 1, ["id", "Elevator User", "小写"]),
    "section id": ("  - id: registration", "  - id: Registration", 9, ["id", "Registration"]),
    "item id": ("      - id: EL-01", "      - id: el-01", 12, ["id", "el-01", "“EL-01”？"]),
    "book marks": ("          - instrument: 中华人民共和国特种设备安全法\n            article: 第三十三条",
                   "          - instrument: 《中华人民共和国特种设备安全法》\n            article: 第三十三条",
                   17, ["instrument", "《》"]),
    "TSG basis": ("          - instrument: 中华人民共和国特种设备安全法\n            article: 第四十五条",
                  "          - instrument: TSG T7001-2023 电梯监督检验和定期检验规则\n            article: 第四十五条",
                  38, ["TSG", "check_points"]),
    "not a mapping": ("  - id: maintenance\n    title: 维护保养\n    items:\n", "  - maintenance\n  - x:\n    items:\n",
                      31, ["章节", "映射"]),
    "alias": ("title: 维护保养", "title: *t", 32, ["*t", "别名"]),
    "non-string key": ("        question: 是否由", "        3: 1\n        question: 是否由", 35, ["键", "3"]),
    "syntax": ("title: 维护保养", "title: 维护: 保养", 32, ["YAML", "mapping values"]),
    "tab": ("    title: 维护保养", "\ttitle: 维护保养", 32, ["YAML", "Tab"]),
    "two documents": ("description: 适用于电梯使用单位\n", "---\nx: 1\n---\n", 0, ["YAML", "---"]),
}


@pytest.mark.parametrize("old,new,line,words", CASES.values(), ids=CASES.keys())
def test_each_mistake_names_its_line_and_key(write, old, new, line, words):
    path = write(mutate(old, new))
    checklist, problems = check_file(path)
    assert checklist is None
    where = [p for p in errors(problems) if p.line == line or line == 0]
    text = [f"{p.message}; {p.hint}" for p in where]
    assert any(all(w in t for w in words) for t in text), f"line {line}: {words} not in {problems}"
    assert all(p.file == str(path) for p in problems)


def test_all_problems_are_reported_at_once(write):
    text = mutate("        question: 电梯是否", "        questoin: 电梯是否")
    text = mutate("family: samr", "family: smar", text)
    text = mutate("rectification_days: 30", "rectification_days: 999", text)
    checklist, problems = check_file(write(text))
    found = errors(problems)
    # questoin (unknown key) + question (missing) + family + days
    assert checklist is None
    assert sorted(p.line for p in found) == [5, 12, 13, 25]


def test_three_mistakes_three_problems(write):
    text = mutate("family: samr", "family: smar")
    text = mutate("hazard_level: major", "hazard_level: majr", text)
    text = mutate("kind: choice", "kind: choise", text)
    _, problems = check_file(write(text))
    assert [(p.line, "smar" in p.message or "majr" in p.message or "choise" in p.message)
            for p in problems] == [(5, True), (22, True), (41, True)]


def test_warnings_do_not_block_loading(write):
    text = mutate("        check_points: [查看维保合同]\n", "")
    text = mutate("是否由取得许可的单位进行维护保养？", "电梯是否办理使用登记，登记标志是否置于显著位置？", text)
    checklist, problems = check_file(write(text))
    assert checklist is not None and checklist.item_count == 2
    assert all(p.warning for p in problems)
    messages = [(p.line, p.message) for p in problems]
    assert any(line == 34 and "check_points" in m for line, m in messages)
    assert any(line == 34 and "第 12 行" in m for line, m in messages)
    assert "(warning)" in str(problems[0])


def test_gb45067_clause_of_another_kind_is_a_warning():
    checklist, problems = check_text(mutate('"4.6 a)"', '"4.2 c)"'))
    assert checklist is not None
    assert [p.line for p in problems if p.warning and "4.2 c)" in p.message] == [12]


def test_article_not_as_printed_is_a_warning():
    checklist, problems = check_text(mutate("article: 第三十三条", "article: 第33条"))
    assert checklist is not None
    assert [(p.line, p.warning) for p in problems] == [(18, True)]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(write, content):
    checklist, problems = check_file(write(content))
    assert checklist is None
    assert [p.message for p in problems] == ["文件是空的（没有任何内容）"]


def test_top_level_must_be_a_mapping(write):
    _, problems = check_file(write("- a\n- b\n"))
    assert [(p.line, "映射" in p.message) for p in problems] == [(1, True)]


def test_gbk_file_is_not_utf8_with_line(write):
    data = GOOD.replace("description: 适用于电梯使用单位\n", "").encode("gb18030")
    checklist, problems = check_file(write(data))
    assert checklist is None and len(problems) == 1
    problem = problems[0]
    assert problem.line == 3  # the first non-ASCII text is the title
    assert "UTF-8" in problem.message and "GBK" in problem.message and "字节偏移" in problem.message
    assert "UTF-8" in problem.hint


def test_utf8_bom_is_accepted(write):
    assert load_file(write(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))).id == "elevator-user"


def test_control_character_is_reported_with_line():
    _, problems = check_text(mutate("title: 维护保养", "title: 维护\x07保养"))
    assert [(p.line, "U+0007" in p.message) for p in problems] == [(32, True)]


def test_oversize_file_is_refused_before_parsing(write):
    data = b"id: [" + b"x" * MAX_BYTES  # would be a syntax error if parsed
    checklist, problems = check_file(write(data))
    assert checklist is None and len(problems) == 1
    assert "2 MB" in problems[0].message and "YAML" not in problems[0].message
    _, problems = check_text(data.decode())
    assert "2 MB" in problems[0].message


def test_alias_bomb_is_refused_without_expansion():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    checklist, problems = check_text("\n".join(lines) + "\n")
    assert checklist is None
    aliases = [p for p in problems if "别名" in p.message]
    assert len(aliases) == 81 and {p.line for p in aliases} == set(range(2, 11))


def test_deep_nesting_is_a_problem_not_a_crash():
    _, problems = check_text("x: " + "[" * 1500 + "]" * 1500 + "\n")
    assert problems and not any(p.warning for p in problems)


def test_load_text_raises_with_every_problem():
    text = mutate("family: samr", "family: smar")
    text = mutate("hazard_level: major", "hazard_level: majr", text)
    with pytest.raises(ChecklistInvalid) as caught:
        load_text(text, "x.yaml")
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith("x.yaml:5: ") and "(and 1 more)" in str(caught.value)


def test_missing_file_and_directory_are_problems(tmp_path):
    _, problems = check_file(tmp_path / "nope.yaml")
    assert problems[0].line == 0 and "不存在" in problems[0].message
    _, problems = check_file(tmp_path)
    assert "文件夹" in problems[0].message
    with pytest.raises(ChecklistInvalid):
        load_file(tmp_path / "nope.yaml")
