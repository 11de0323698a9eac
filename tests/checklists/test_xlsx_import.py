"""A bureau's Excel checklist -> checklist YAML: `checklists import` and checklists.importing."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

import main
from checklists.importing import Options, convert_file
from checklists.importing.citations import chinese_number, parse
from checklists.loader import check_file, load_text

from .xlsx_samples import HEADER, SAFETY_LAW, bureau

META = Options(id="elevator-bureau", version="2026.1", family="samr", applies_to="elevator")
CLI_META = ["--id", "elevator-bureau", "--version", "2026.1", "--family", "samr", "--applies-to", "elevator"]
LAW = "中华人民共和国特种设备安全法"


def errors(conversion):
    return [str(p) for p in conversion.problems if not p.warning]


def test_a_bureau_sheet_becomes_a_checklist_the_loader_accepts(tmp_path):
    conversion = convert_file(bureau(tmp_path / "电梯.xlsx"), META)
    assert errors(conversion) == []
    checklist = load_text(conversion.yaml)          # the text written is what the loader reads
    assert checklist.hash == conversion.checklist.hash
    assert checklist.title == "某市市场监管局 电梯使用单位监督检查表"      # the title row
    assert [(s.id, s.title) for s in checklist.sections] == [("s01", "使用登记"), ("s02", "二、维护保养")]
    first, second, third = checklist.items()
    assert [first.id, second.id, third.id] == ["EB-01-01", "EB-01-02", "EB-02-01"]
    assert second.section_id == "s01"               # the section merged down B3:B4
    assert first.check_points == ("查看使用登记证", "查看轿厢内的使用标志")
    assert second.check_points == ("查看检验报告", "查看检验合格标志")
    assert [(c.instrument, c.article) for c in first.penalty] == [(LAW, "第八十三条第（一）项")]
    assert first.rectification_days == 30 and str(first.rectification) == "deadline"
    # 第40条 is written as the law prints it; the GB 45067 clause is a criterion and the item's clause
    assert [(c.instrument, c.article, str(c.role)) for c in second.basis] == [
        (LAW, "第四十条", "obligation"), ("特种设备重大事故隐患判定准则（GB 45067-2024）", "4.6 a)", "obligation")]
    assert str(second.hazard_level) == "major" and str(second.rectification) == "stop_use"
    assert [(c.article) for c in second.penalty] == ["第八十四条第（一）项"]
    assert [c.article for c in third.basis] == ["第四十五条第一款", "第四十五条第二款"]
    assert str(third.rectification) == "immediate" and third.rectification_days is None


def test_a_criterion_column_gives_the_gb45067_clause(tmp_path):
    header = [*HEADER, "判定依据"]
    rows = [[1, "检验", "电梯是否经定期检验合格？", "查看检验报告", f"{SAFETY_LAW}第四十条", None, "重大", "停止使用", None,
             "《特种设备重大事故隐患判定准则》（GB 45067-2024）4.6 a)"]]
    conversion = convert_file(bureau(tmp_path / "c.xlsx", rows, header), META)
    assert errors(conversion) == []
    item = next(conversion.checklist.items())
    assert item.gb45067 == "4.6 a)"
    assert [str(c.role) for c in item.basis] == ["obligation", "criterion"]


def test_every_problem_at_once_with_its_cell(tmp_path):
    rows = [
        [1, "登记", "是否办理使用登记？", "查看登记证", "安全生产法第二十一条", None, "重大大", None, "五个工作日"],
        [2, None, "是否定期检验？", "查看报告", f"{SAFETY_LAW}第四十条 见附件", None, None, "立即整改", "15"],
        [3, None, "是否有维保合同？", "查看合同", None, None, None, None, None],
        [3, None, "是否有应急预案？", "查看预案", f"{SAFETY_LAW}第六十九条", None, None, None, "400"],
        [5, None, "是否按TSG检查？", "查看记录", "《TSG 08-2017 特种设备使用管理规则》2.1", None, None, None, None],
    ]
    path = bureau(tmp_path / "bad.xlsx", rows)
    found = errors(convert_file(path, META))
    where = f"{path}:检查表!"
    expected = [
        (f"{where}E3: 依据无法读取：“安全生产法第二十一条”前面没有用《》写出的法规或标准名称", "《中华人民共和国安全生产法》"),
        (f"{where}G3: 隐患级别“重大大”无法识别", "是否应为“重大”"),
        (f"{where}I3: 整改期限“五个工作日”是工作日", "自然日"),
        (f"{where}E4: 依据无法读取：无法识别“见附件”", ""),
        (f"{where}I4: 检查项 EB-01-02 立即整改，却写了整改期限“15”", "删去期限"),
        (f"{where}E5: 检查项 EB-01-03 没有检查依据", "不会替你补上依据"),
        (f"{where}6: 检查项 id EB-01-03 重复（第一次在 检查表!5）", "编号"),
        (f"{where}I6: 整改期限 400 天超出 1–365", ""),
        (f"{where}E7: TSG 安全技术规范不能作为依据引用", "检查要点"),
    ]
    for start, hint in expected:
        assert any(line.startswith(start) and hint in line for line in found), (start, found)
    assert len(found) == len(expected)


def test_column_names_get_a_did_you_mean_and_known_extras_only_a_warning(tmp_path):
    header = ["序号", "检查项目", "检查内容", "检查要点", "检查依剧", "备注"]
    path = bureau(tmp_path / "h.xlsx", [[1, "登记", "是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条", "无"]],
                  header)
    conversion = convert_file(path, META)
    lines = [str(p) for p in conversion.problems]
    assert f"{path}:检查表!E2: 未知的列名“检查依剧”; 是否应为“检查依据”？" in "\n".join(lines)
    assert f"{path}:检查表!2: 表头没有“检查依据”列" in "\n".join(lines)
    assert any(line.startswith(f"{path}:检查表!F2: 列“备注”不导入") and line.endswith("(warning)") for line in lines)
    assert conversion.yaml is None


def test_a_sheet_without_a_header_names_the_sheet(tmp_path):
    path = bureau(tmp_path / "n.xlsx", [["电梯", "登记"]], header=["甲", "乙"], title=None)
    assert errors(convert_file(path, META))[0].startswith(f"{path}:检查表: 前 30 行中找不到表头")


def test_what_the_sheet_does_not_say_must_be_given(tmp_path):
    path = bureau(tmp_path / "电梯检查表.xlsx")
    found = errors(convert_file(path, Options()))
    assert [line.split("; ")[0] for line in found] == [
        f"{path}: 检查表 id“电梯检查表”无效或没有给出", f"{path}: 没有给出检查表的版本号",
        f"{path}: 没有给出 family", f"{path}: 没有给出 applies_to"]
    found = errors(convert_file(path, Options(id="x-y", version="1", family="sammr", applies_to="lift")))
    assert [line.split("; ")[1][:14] for line in found] == ["是否应为“samr”？（可用", "是否应为“lifting”？"]


def test_a_loader_warning_is_reported_at_its_row(tmp_path):
    rows = [[1, "登记", "是否办理使用登记？", None, f"{SAFETY_LAW}第三十三条", None, None, None, None]]
    path = bureau(tmp_path / "w.xlsx", rows)
    conversion = convert_file(path, META)
    assert conversion.ok
    assert [str(p) for p in conversion.problems] == [
        f"{path}:检查表!3: 检查项 EB-01-01：没有 check_points; 列出现场要看的证件、记录和部位，便于逐项核对 (warning)"]


def test_numbered_empty_rows_and_rows_without_a_section_column(tmp_path):
    header = ["序号", "检查内容", "检查要点", "检查依据"]
    rows = [["一、登记", None, None, None],
            [1, "是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条"],
            [2, None, None, None],                     # numbered, left empty: not a section
            [3, "是否检验？", "查看报告", f"{SAFETY_LAW}第四十条"],
            [4, None, None, None]]
    conversion = convert_file(bureau(tmp_path / "e.xlsx", rows, header), META)
    assert errors(conversion) == []
    assert [(s.title, [i.id for i in s.items]) for s in conversion.checklist.sections] == \
        [("一、登记", ["EB-01-01", "EB-01-03"])]


def test_quoted_wording_after_an_article_is_left_out_with_a_warning(tmp_path):
    rows = [[1, "登记", "是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条：特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内……",
             None, None, None, None]]
    path = bureau(tmp_path / "q.xlsx", rows)
    conversion = convert_file(path, META)
    assert conversion.ok
    assert [c.article for c in next(conversion.checklist.items()).basis] == ["第三十三条"]
    assert [str(p) for p in conversion.problems] == [
        f"{path}:检查表!E3: 依据中条款后的条文原文未导入; 只导入法规名称和条款号；条文以法规原文为准 (warning)"]


def test_a_header_of_two_rows(tmp_path):
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("检查表")
    for column, name in enumerate(["序号", "检查内容", "检查要点", "检查依据"]):
        ws.merge_range(0, column, 1, column, name)
    ws.merge_range(0, 4, 0, 5, "检查结果")
    ws.write_row(1, 4, ["符合", "不符合"])
    ws.write_row(2, 0, [1, "是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条"])
    book.close()
    conversion = convert_file(path, dataclasses.replace(META, title="登记检查"))
    assert errors(conversion) == []
    assert [i.question for i in conversion.checklist.items()] == ["是否登记？"]


def test_an_id_column_keeps_the_bureaus_ids(tmp_path):
    header = ["编号", "检查内容", "检查依据", "检查要点"]
    path = bureau(tmp_path / "i.xlsx", [["EL-07", "是否登记？", f"{SAFETY_LAW}第三十三条", "查看登记证"],
                                         ["el 8", "是否检验？", f"{SAFETY_LAW}第四十条", "查看报告"]], header)
    conversion = convert_file(path, META)
    assert errors(conversion) == [f"{path}:检查表!A4: 编号“el 8”格式不对; 用大写字母和数字，以连字符分段，例如 EL-01、GEN-03-2"]


# ----- the command

def test_the_command_writes_yaml_that_validates(tmp_path, capsys):
    source, out = bureau(tmp_path / "电梯.xlsx"), tmp_path / "elevator-bureau.yaml"
    assert main.main(["checklists", "import", str(source), "--out", str(out), *CLI_META]) == 0
    printed = capsys.readouterr().out
    checklist, problems = check_file(out)
    assert problems == [] and checklist.item_count == 3
    assert printed.strip().endswith(f"OK  {source} -> {out}  elevator-bureau 2026.1  3 items  {checklist.hash[:12]}")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 某市市场监管局 电梯使用单位监督检查表\n# Converted from 电梯.xlsx by")
    assert str(tmp_path) not in text                       # no machine path in the file
    assert yaml.safe_load(text)["sections"][0]["items"][0]["basis"] == [{"instrument": LAW, "article": "第三十三条"}]
    # the same workbook converts to the same checklist, byte for byte
    again = tmp_path / "again.yaml"
    assert main.main(["checklists", "import", str(source), "--out", str(again), *CLI_META]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_command_writes_nothing_on_an_error(tmp_path, capsys):
    rows = [[1, "登记", "是否登记？", "查看", "见法规", None, None, None, None]]
    source, out = bureau(tmp_path / "b.xlsx", rows), tmp_path / "b.yaml"
    assert main.main(["checklists", "import", str(source), "--out", str(out), *CLI_META]) == 1
    assert f"{source}:检查表!E3: 依据无法读取" in capsys.readouterr().out
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_options_override_and_the_prefix_and_sheet_can_be_chosen(tmp_path, capsys):
    source, out = bureau(tmp_path / "b.xlsx", sheet="第二版"), tmp_path / "b.yaml"
    args = ["checklists", "import", str(source), "--out", str(out), *CLI_META, "--prefix", "DT", "--title", "电梯检查"]
    assert main.main([*args, "--sheet", "第二板"]) == 1
    assert "没有名为“第二板”的工作表; 是否应为“第二版”？" in capsys.readouterr().out
    assert main.main([*args, "--sheet", "第二版"]) == 0
    checklist = check_file(out)[0]
    assert checklist.title == "电梯检查" and next(i.id for i in checklist.items()) == "DT-01-01"


# ----- basis text

@pytest.mark.parametrize(("text", "expected"), [
    ("《中华人民共和国安全生产法》第二十一条第（一）项", [("中华人民共和国安全生产法", "第二十一条第（一）项")]),
    ("违反《安全生产法》第21条、第二十二条的规定", [("安全生产法", "第二十一条"), ("安全生产法", "第二十二条")]),
    ("《特种设备安全法》第八十三条第(一)(二)项", [("特种设备安全法", "第八十三条第（一）项"),
                                        ("特种设备安全法", "第八十三条第（二）项")]),
    ("《特种设备安全法》第八十三条第（一）、（二）项；\n《安全生产法》第一百零一条",
     [("特种设备安全法", "第八十三条第（一）项"), ("特种设备安全法", "第八十三条第（二）项"), ("安全生产法", "第一百零一条")]),
    ("《安全生产法》第二十一条第一款、第二款", [("安全生产法", "第二十一条第一款"), ("安全生产法", "第二十一条第二款")]),
    ("《工贸企业重大事故隐患判定标准》第三条之一", [("工贸企业重大事故隐患判定标准", "第三条之一")]),
    ("《特种设备重大事故隐患判定准则》(GB 45067-2024) 4.6 b)", [("特种设备重大事故隐患判定准则（GB 45067-2024）", "4.6 b)")]),
    ("《安全生产法》第二十一条第一项、第二项", [("安全生产法", "第二十一条第（一）项"), ("安全生产法", "第二十一条第（二）项")]),
    ("依据：《安全生产法》第二十一条：生产经营单位的主要负责人对本单位安全生产工作负有下列职责……\n《特种设备安全法》第33条",
     [("安全生产法", "第二十一条"), ("特种设备安全法", "第三十三条")]),
])
def test_basis_text_becomes_citations(text, expected):
    parsed = parse(text)
    assert parsed.error is None
    assert [(c["instrument"], c["article"]) for c in parsed.citations] == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("安全生产法第二十一条", "“安全生产法第二十一条”前面没有用《》写出的法规或标准名称"),
    ("《安全生产法》", "《安全生产法》后面没有条款"),
    ("《安全生产法》《特种设备安全法》第三十三条", "《安全生产法》后面没有条款"),
    ("《安全生产法》第二十一条及相关规定", "无法识别“相关规定”"),
    ("第二十一条", "“第二十一条”前面没有用《》写出的法规或标准名称"),
    ("《安全生产法》第二十一条：主要负责人……；《特种设备安全法》第三十三条",
     "条文原文“主要负责人……；《特种设备安全法》第三十三条”中还有《》引用，无法分清哪些是依据"),
])
def test_basis_text_that_cannot_be_read_is_refused(text, problem):
    assert parse(text).error == problem


def test_article_numbers_as_the_law_prints_them():
    assert [chinese_number(n) for n in ("1", "10", "15", "21", "100", "101", "110", "119")] == \
        ["一", "十", "十五", "二十一", "一百", "一百零一", "一百一十", "一百一十九"]
