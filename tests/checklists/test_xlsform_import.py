"""ODK XLSForm -> checklist YAML: groups, question types, choices, relevant -> when:."""
from __future__ import annotations

import pytest
import yaml

from checklists.common.messages import Msg
from checklists.importing import convert_file
from checklists.importing.relevant import translate
from checklists.loader import load_text

from .xlsx_samples import SETTINGS, YES_NO, xlsform

BASIS = "《中华人民共和国特种设备安全法》第三十九条"
HEAD = ["type", "name", "label::中文 (zh)", "hint", "relevant", "required", "basis", "hazard_level", "unit",
        "appearance"]


def errors(conversion):
    return [str(p) for p in conversion.problems if not p.warning]


def row(kind, name, label, hint=None, relevant=None, required="yes", basis=BASIS, level=None, unit=None):
    return [kind, name, label, hint, relevant, required, basis, level, unit, None]


def test_a_form_without_conditions_is_validated_by_the_loader(tmp_path):
    survey = [HEAD,
              row("begin group", "registration", "使用登记", basis=None, required=None),
              row("select_one yn", "pv_reg", "压力容器是否办理使用登记？", "查看使用登记证"),
              row("Select One state", "gauge", "压力表状态", "查看压力表"),
              row("end_group", None, None, basis=None, required=None),
              row("note", "intro", "以下为运行检查", basis=None, required=None),
              row("integer", "pressure", "工作压力", "读压力表", unit="MPa"),
              row("text", "remark", "其他情况", "记录所见")]
    choices = [*YES_NO, ["state", "good", "完好"], ["state", "broken", "损坏"]]
    path = xlsform(tmp_path / "pv.xlsx", survey, choices, SETTINGS)
    conversion = convert_file(path)
    assert errors(conversion) == []
    assert conversion.checklist is not None
    checklist = load_text(conversion.yaml)
    assert (checklist.id, checklist.version, checklist.title) == ("pv-quick", "2026.1", "快开门式压力容器检查")
    assert [(s.id, s.title) for s in checklist.sections] == [("registration", "使用登记"), ("s02", "快开门式压力容器检查")]
    items = {i.id: i for i in checklist.items()}
    assert list(items) == ["PQ-PV-REG", "PQ-GAUGE", "PQ-PRESSURE", "PQ-REMARK"]
    assert str(items["PQ-PV-REG"].answer.kind) == "pass_fail"
    assert items["PQ-PV-REG"].check_points == ("查看使用登记证",)
    assert items["PQ-GAUGE"].answer.choices == ("完好", "损坏")
    assert (str(items["PQ-PRESSURE"].answer.kind), items["PQ-PRESSURE"].answer.unit) == ("number", "MPa")
    assert str(items["PQ-REMARK"].answer.kind) == "text"
    warnings = [str(p) for p in conversion.problems if p.warning]
    assert f"{path}:survey!J1: survey 表的“appearance”列不导入; 检查表不用这一项 (warning)" in warnings
    assert f"{path}:survey!6: 已跳过 note 行（不是检查项）; 检查表只导入需要作答的题目 (warning)" in warnings


def test_relevant_becomes_when_in_the_agreed_syntax(tmp_path):
    survey = [HEAD,
              row("select_one yn", "quick_open", "是否为快开门式压力容器？", "查看铭牌"),
              row("begin group", "interlock", "快开门联锁", relevant="${quick_open} = 'yes'", basis=None, required=None),
              row("select_one yn", "lock", "安全联锁装置是否完好？", "现场试验", level="重大"),
              row("select_one yn", "lock_test", "联锁是否定期试验？", "查看记录", relevant="${lock} != 'no'"),
              row("end group", None, None, basis=None, required=None),
              row("select_one yn", "record", "是否有运行记录？", "查看记录",
                  relevant="not(${quick_open} = 'na') and (selected(${lock}, 'no') or ${lock_test}='no')")]
    path = xlsform(tmp_path / "pv.xlsx", survey, YES_NO, SETTINGS)
    conversion = convert_file(path)
    assert errors(conversion) == []
    doc = yaml.safe_load(conversion.yaml)
    interlock = doc["sections"][1]
    assert interlock["when"] == "answer.PQ-QUICK-OPEN == pass"
    assert interlock["items"][1]["when"] == "answer.PQ-LOCK != fail"
    assert doc["sections"][2]["items"][0]["when"] == \
        "not (answer.PQ-QUICK-OPEN == na) and (answer.PQ-LOCK == fail or answer.PQ-LOCK-TEST == fail)"
    assert conversion.checklist is not None and load_text(conversion.yaml).item_count == 4


def test_refused_and_unknown_types_name_their_cells(tmp_path):
    survey = [HEAD,
              row("select_multiple yn", "faults", "存在哪些问题？"),
              row("begin repeat", "vessels", "每台容器", basis=None),
              row("image", "photo", "照片", basis=None),
              row("selct_one yn", "typo", "拼错的题型"),
              row("select_one nolist", "q9", "没有选项表的题"),
              row("decimal", "temp", "温度", "读温度计"),
              row("end repeat", None, None, basis=None),
              row("select_one yn", "no_basis", "没有依据的题", "看", basis=None),
              row("select_one yn", "no_basis", "重复的题名", "看"),
              row("end group", None, None, basis=None)]
    path = xlsform(tmp_path / "bad.xlsx", survey, YES_NO, SETTINGS)
    found = errors(convert_file(path))
    where = f"{path}:survey!"
    for start, hint in [
            (f"{where}A2: 不支持题型 select_multiple yn", "拆成一道“符合/不符合”题"),
            (f"{where}A3: 不支持题型 begin repeat", "每台设备一张表"),
            (f"{where}A4: 不支持题型 image", "照片可在任何检查项下添加"),
            (f"{where}A5: 未知的题型“selct_one yn”", "是否应为“select_one"),
            (f"{where}A6: 选项表“nolist”在 choices 表中不存在", ""),
            (f"{where}I7: decimal 题没有 unit（计量单位）", "加一列 unit"),
            (f"{where}A8: 不支持题型 end repeat", ""),
            (f"{where}G9: 检查项 PQ-NO-BASIS 没有检查依据", ""),
            (f"{where}B10: name“no_basis”重复（第一次在第 9 行）", ""),
            (f"{where}A11: end group 前面没有对应的 begin group", "")]:
        assert any(line.startswith(start) and hint in line for line in found), (start, found)


@pytest.mark.parametrize(("relevant", "problem"), [
    ("${quick_open} > 'no'", "第 15 个字处的“>”不支持：只能用 = 或 != 比较题目的答案"),
    ("string-length(${quick_open}) > 0", "第 1 个字处的函数 string-length() 不支持"),
    ("${later} = 'no'", "${later} 是后面的题目（第 5 行），条件只能引用前面的题"),
    ("${quik_open} = 'no'", "没有名为 quik_open 的题目（是否应为“quick_open”？"),
    ("${gauge} = 'good'", "${gauge} 不是“符合/不符合”题，条件只能比较这类题的答案"),
    ("${quick_open} = 'maybe'", "${quick_open} 的选项中没有“maybe”"),
    ("${quick_open} = 'no' and", "表达式不完整（末尾缺少内容或右括号）"),
])
def test_unsupported_relevant_is_refused_naming_the_cell(tmp_path, relevant, problem):
    survey = [HEAD,
              row("select_one yn", "quick_open", "是否为快开门式？", "看"),
              row("select_one state", "gauge", "压力表状态", "看"),
              row("select_one yn", "q", "条件题", "看", relevant=relevant),
              row("select_one yn", "later", "后面的题", "看")]
    choices = [*YES_NO, ["state", "good", "完好"], ["state", "broken", "损坏"]]
    path = xlsform(tmp_path / "r.xlsx", survey, choices, SETTINGS)
    found = errors(convert_file(path))
    assert len(found) == 1
    assert found[0].startswith(f"{path}:survey!E4: relevant“{relevant}”无法转换：{problem}")


def test_a_form_without_a_basis_column_is_refused_once(tmp_path):
    survey = [["type", "name", "label"], ["select_one yn", "q1", "是否登记？"], ["select_one yn", "q2", "是否检验？"]]
    path = xlsform(tmp_path / "nb.xlsx", survey, YES_NO, SETTINGS)
    assert errors(convert_file(path)) == [
        f"{path}:survey!1: survey 表没有 basis 列（检查依据）; 加一列 basis，逐题写上被违反的条款，例如《中华人民共和国特种设备安全法》第三十三条；"
        "XLSForm 本身不含法律依据，程序也不会替你补上"]


def test_a_misspelt_column_gets_a_did_you_mean(tmp_path):
    survey = [["type", "name", "lable", "basis"], ["select_one yn", "q1", "是否登记？", BASIS]]
    path = xlsform(tmp_path / "c.xlsx", survey, YES_NO, SETTINGS)
    found = errors(convert_file(path))
    assert f"{path}:survey!C1: survey 表有未知的列名“lable”; 是否应为“label”？" in "\n".join(found)


def test_choice_words_map_onto_results():
    resolve = {"q": ("Q-1", {"shi": "pass", "fou": "fail", "bu": "na"})}

    def lookup(name, value, position):
        item_id, mapping = resolve[name]
        return (item_id, mapping[value]) if value in mapping else Msg("无法识别“{text}”", text=value)

    assert translate("${q} = 'fou' or ${q}='bu'", lookup) == "answer.Q-1 == fail or answer.Q-1 == na"
    assert translate("'shi' != ${q}", lookup) == "answer.Q-1 != pass"
    assert translate("not(not(${q} = 'shi'))", lookup) == "not (not (answer.Q-1 == pass))"


def test_the_command_writes_a_form_with_conditions(tmp_path, capsys):
    import main

    survey = [HEAD, row("select_one yn", "quick_open", "是否为快开门式？", "看铭牌"),
              row("select_one yn", "lock", "联锁是否完好？", "现场试验", relevant="${quick_open} = 'yes'")]
    source, out = xlsform(tmp_path / "pv.xlsx", survey, YES_NO, SETTINGS), tmp_path / "pv.yaml"
    assert main.main(["checklists", "import", str(source), "--out", str(out)]) == 0
    assert "        when: answer.PQ-QUICK-OPEN == pass\n" in out.read_text(encoding="utf-8")
    assert " pv-quick 2026.1  2 items  " in capsys.readouterr().out
