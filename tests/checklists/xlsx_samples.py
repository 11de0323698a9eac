"""Workbooks for the import tests, built with XlsxWriter (merges, formulas with saved
results) or openpyxl (formulas without them) in the test's own folder."""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

HEADER = ["序号", "检查项目", "检查内容", "检查要点", "检查依据", "处罚依据", "隐患级别", "整改方式", "整改期限"]
SAFETY_LAW = "《中华人民共和国特种设备安全法》"

# A bureau's sheet as they are published: a title row merged across, the header,
# a section name merged down column B, a heading row merged across, numbered
# check points in one cell, several citations in one cell.
BUREAU_ROWS = [
    [1, "使用登记", "电梯是否办理使用登记，登记标志是否置于显著位置？", "1.查看使用登记证\n2.查看轿厢内的使用标志",
     f"{SAFETY_LAW}第三十三条", f"{SAFETY_LAW}第八十三条第（一）项", "一般", "限期整改", "30天"],
    [2, None, "电梯是否经定期检验合格并在有效期内？", "查看检验报告；查看检验合格标志",
     f"{SAFETY_LAW}第40条；《特种设备重大事故隐患判定准则》（GB 45067-2024）4.6a）",
     f"{SAFETY_LAW}第八十四条第(一)项", "重大", "停止使用", None],
    [1, None, "是否由取得许可的单位进行维护保养？", "查看维保合同",
     f"违反{SAFETY_LAW}第四十五条第一款、第二款的规定", None, None, "立即整改", None],
]


def bureau(path: Path, rows=None, header=None, title="某市市场监管局 电梯使用单位监督检查表",
           sheet="检查表") -> Path:
    """The sample sheet: title row 1, header row 2, items from row 3; rows 3-4 share the
    section merged down B3:B4, row 5 is the heading 二、维护保养 merged across."""
    header = header or HEADER
    rows = BUREAU_ROWS if rows is None else rows
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    last = len(header) - 1
    if title:
        ws.merge_range(0, 0, 0, last, title)
    ws.write_row(1, 0, header)
    if rows is BUREAU_ROWS:
        ws.write_row(2, 0, rows[0])
        ws.write_row(3, 0, rows[1])
        ws.merge_range(2, 1, 3, 1, "使用登记")
        ws.merge_range(4, 0, 4, last, "二、维护保养")
        ws.write_row(5, 0, rows[2])
    else:
        for n, row in enumerate(rows, 2):
            ws.write_row(n, 0, [v for v in row])
    book.close()
    return path


def xlsform(path: Path, survey: list[list], choices: list[list] | None = None,
            settings: list[list] | None = None) -> Path:
    """An XLSForm: survey rows (the first is the header), choices, settings."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        ws = book.add_worksheet(name)
        for n, row in enumerate(rows):
            ws.write_row(n, 0, row)
    book.close()
    return path


YES_NO = [["list_name", "name", "label"], ["yn", "yes", "符合"], ["yn", "no", "不符合"], ["yn", "na", "不适用"]]
SETTINGS = [["form_title", "form_id", "version", "family", "applies_to"],
            ["快开门式压力容器检查", "pv_quick", "2026.1", "samr", "pressure_vessel"]]
