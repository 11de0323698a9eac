"""Every built-in checklist, written out as a bureau would publish it in Excel (basis as
《…》第…条 text, check points one a line), imports back to the same items: the basis
parser reads every real citation of the library (339 of them, 24 GB 45067 clauses)."""
from __future__ import annotations

import pytest
import xlsxwriter

from checklists.common.vocabulary import CitationRole
from checklists.importing import Options, convert_file
from checklists.loader import builtin_files, load_file

HEADER = ["编号", "检查项目", "检查内容", "检查要点", "检查依据", "判定依据", "处罚依据", "隐患级别", "整改方式", "整改期限"]
LEVELS = {"general": "一般", "major": "重大"}
MODES = {"immediate": "立即整改", "deadline": "限期整改", "stop_use": "停止使用"}


def cited(citations) -> str:
    return "；".join(f"《{c.instrument}》{c.article}" for c in citations)


def write_sheet(checklist, path):
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("检查表")
    ws.write_row(0, 0, [checklist.title])
    ws.write_row(1, 0, HEADER)
    row = 2
    for section in checklist.sections:
        for item in section.items:
            obligations = [c for c in item.basis if c.role is not CitationRole.CRITERION]
            criteria = [c for c in item.basis if c.role is CitationRole.CRITERION]
            days = item.rectification_days if str(item.rectification) != "immediate" else None
            ws.write_row(row, 0, [item.id, section.title, item.question,
                                  "\n".join(f"{n}. {p}" for n, p in enumerate(item.check_points, 1)),
                                  cited(obligations), cited(criteria), cited(item.penalty),
                                  LEVELS[str(item.hazard_level)], MODES[str(item.rectification)], days])
            row += 1
    book.close()


@pytest.mark.parametrize("source", builtin_files(), ids=lambda p: p.name)
def test_a_builtin_checklist_round_trips_through_excel(tmp_path, source):
    original = load_file(source)
    path = tmp_path / "sheet.xlsx"
    write_sheet(original, path)
    family, applies = str(original.family), str(original.applies_to) if original.applies_to else "general"
    conversion = convert_file(path, Options(id=original.id, version=original.version, family=family,
                                            applies_to=applies))
    assert [str(p) for p in conversion.problems if not p.warning] == []
    imported = {item.id: item for item in conversion.checklist.items()}
    assert list(imported) == [item.id for item in original.items()]
    for item in original.items():
        back = imported[item.id]
        assert back.question == item.question
        assert back.check_points == item.check_points
        assert [(c.instrument, c.article) for c in back.basis] == [(c.instrument, c.article) for c in item.basis]
        assert [c.role for c in back.basis] == [c.role for c in item.basis]
        assert back.penalty == item.penalty
        assert (back.hazard_level, back.rectification, back.rectification_days) == \
            (item.hazard_level, item.rectification, item.rectification_days)
        assert back.gb45067 == item.gb45067          # from the GB 45067 criterion cited
