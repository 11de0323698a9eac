"""The layout of a period's report (安全监管执法统计报表): the tables of
``export.reports.sheets`` at 五号, a bar chart of hazards found and closed per
month and a bar chart of the documents issued by kind (reportlab graphics)."""
from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from export.fonts import FontSet
from export.pdf.draw import compact
from export.pdf.layout import TEXT_W, Styles, grid
from storage.reports import Report

FOUND, CLOSED = colors.HexColor("#78909c"), colors.HexColor("#43a047")
DOCS = colors.HexColor("#0288d1")
# (sheet index, section title) in print order; the charts follow their tables.
SECTIONS = ((0, "一、概况"), (1, "二、检查情况"), (2, "三、隐患排查治理"), (3, None), (4, "四、挂牌督办"),
            (5, "五、执法文书"), (6, "六、现场处理措施"), (7, "七、查封扣押"), (8, "八、立案与行政处罚"))


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value * 100:.1f}%"
    return "" if value is None else str(value)


def report_story(st: Styles, report: Report, sheets: list, department: str) -> list[Flowable]:
    small = compact(st)
    story: list[Flowable] = [st.p(department, st.band)] if department else []
    story += [st.p("安全监管执法统计报表", st.title),
              st.p(f"{sheets[0].rows[0][1]}　{sheets[0].rows[1][1]}", small.number), Spacer(0, 2 * mm)]
    charts: dict[int, Flowable] = {
        3: month_chart(st.fonts, report) if any(f or c for _, f, c in report.months)
        else small.p("本期没有排查或销号的隐患，不作图。", small.caption),
        5: document_chart(st.fonts, report) if any(report.documents.values())
        else small.p("本期未出具文书，不作图。", small.caption)}
    for index, title in SECTIONS:
        if title:
            story += [CondPageBreak(40 * mm), Spacer(0, 3 * mm), st.p(title, st.heading)]
        else:
            story += [CondPageBreak(30 * mm), Spacer(0, 2 * mm), small.p("按月排查与销号", small.cell)]
        story.append(_table(small, sheets[index]))
        if index in charts:
            height = getattr(charts[index], "height", 0) or 0
            story += [CondPageBreak(height + 4 * mm), Spacer(0, 3 * mm), charts[index]]
    story += [Spacer(0, 4 * mm), small.p(
        "口径：检查与隐患按检查开始日期计入；销号按销号日期计入；文书按出具日期计入（被更正的文书不计，"
        "以更正后的文书计）；立案按立案日期、处罚按决定日期计入；逾期按逾期判断日计算。详见使用说明《统计报表》。",
        small.caption)]
    return story


def _table(st: Styles, sheet) -> Flowable:
    n = len(sheet.headers)
    widths = {2: [96, 60], 3: [56, 50, 50]}.get(n) or [156 - 26 * (n - 1), *([26] * (n - 1))]
    number = ParagraphStyle("report_number", parent=st.cell, alignment=TA_RIGHT)
    rows = [[st.p(_text(v), number if c and not isinstance(v, str) else st.cell) for c, v in enumerate(row)]
            for row in sheet.rows]
    return grid(st, sheet.headers, rows, widths)


def month_chart(fonts: FontSet, report: Report) -> Drawing:
    """Hazards found and closed per month of the period (grouped bars)."""
    width, height = TEXT_W, 62 * mm
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, width - 16 * mm, height - 22 * mm
    chart.data = [[f for _, f, _ in report.months] or [0], [c for _, _, c in report.months] or [0]]
    chart.categoryAxis.categoryNames = [m[2:].replace("-", ".") for m, _, _ in report.months] or [""]
    _style_axes(chart, fonts)
    chart.bars[0].fillColor, chart.bars[1].fillColor = FOUND, CLOSED
    chart.barSpacing, chart.groupSpacing = 1, 6
    d.add(chart)
    d.add(String(0, height - 6 * mm, "隐患排查与销号（按月，项）", fontName=fonts.bold, fontSize=10.5))
    legend = Legend()
    legend.x, legend.y = width - 50 * mm, height - 4 * mm
    legend.fontName, legend.fontSize, legend.columnMaximum = fonts.body, 9, 1
    legend.alignment, legend.dx, legend.dy, legend.deltax = "right", 8, 8, 60
    legend.colorNamePairs = [(FOUND, "排查隐患"), (CLOSED, "销号")]
    d.add(legend)
    return d


def document_chart(fonts: FontSet, report: Report) -> Drawing:
    """The documents issued by kind (horizontal bars, kinds issued at least once)."""
    issued = [(k.label_zh, n) for k, n in report.documents.items() if n]
    width, height = TEXT_W, (len(issued) * 7 + 18) * mm
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 52 * mm, 6 * mm, width - 60 * mm, height - 16 * mm
    chart.data = [[n for _, n in reversed(issued)]]
    chart.categoryAxis.categoryNames = [k for k, _ in reversed(issued)]
    _style_axes(chart, fonts)
    chart.bars[0].fillColor = DOCS
    chart.barLabelFormat, chart.barLabels.fontName, chart.barLabels.fontSize = "%d", fonts.body, 9
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    d.add(chart)
    d.add(String(0, height - 6 * mm, "执法文书（按种类，份）", fontName=fonts.bold, fontSize=10.5))
    return d


def _style_axes(chart, fonts: FontSet) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = fonts.body, 8.5
    chart.valueAxis.valueMin = 0
    top = max([max(series) for series in chart.data] + [1])
    chart.valueAxis.valueMax = top + max(1, top // 8)
    chart.valueAxis.valueStep = max(1, -(-top // 5))
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = colors.HexColor("#90a4ae")
