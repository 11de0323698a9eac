"""The story of the 询问笔录 and its page template: every page ends with the block
where the person questioned writes "以上笔录我看过，与我说的相符" by hand, signs
and dates (``signed_page_template``); the text frame stops above it."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Spacer

from checklists.common.vocabulary import Sex
from export.docmodel import InterviewDoc, title_of
from export.fonts import FontSet, draw_runs
from export.pdf.layout import BOTTOM, LEFT, TEXT_H, TEXT_W, KeepTail, Styles, cn_time, field_rows, header, signatures

SIGN_H = 30 * mm            # the per-page block of the person questioned
CHECK_LINE = "以上笔录我看过，与我说的相符"
BLOCK_SIZE = 10.5


def signed_page_template(fonts: FontSet, block_h: float = SIGN_H) -> PageTemplate:
    """A page whose text frame leaves ``block_h`` at the bottom of the text block for
    the person questioned: a line for the handwritten check sentence, then the
    signature and the date.  Drawn on every page, so no page can be swapped."""
    frame = Frame(LEFT, BOTTOM + block_h, TEXT_W, TEXT_H - block_h, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="text")

    def draw(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.6)
        top = BOTTOM + block_h - 3 * mm
        canvas.line(LEFT, top, LEFT + TEXT_W, top)
        draw_runs(canvas, fonts, LEFT, top - 5.5 * mm,
                  f"被询问人核对后亲笔书写“{CHECK_LINE}”：", BLOCK_SIZE)
        canvas.line(LEFT, top - 14 * mm, LEFT + TEXT_W, top - 14 * mm)
        base = BOTTOM + 2 * mm
        label = "被询问人（签名）："
        draw_runs(canvas, fonts, LEFT, base, label, BLOCK_SIZE)
        start = LEFT + fonts.width(label, BLOCK_SIZE) + 1 * mm
        canvas.line(start, base - 1, start + 55 * mm, base - 1)
        draw_runs(canvas, fonts, LEFT + TEXT_W, base, "　　　　年　　月　　日", BLOCK_SIZE, align="right")
        canvas.restoreState()

    return PageTemplate(id="signed", frames=[frame], onPage=draw)


def _span(doc: InterviewDoc) -> str:
    start, end = doc.started_at, doc.ended_at
    tail = f"{end.hour}时{end.minute:02d}分"
    if end.date() != start.date():
        tail = f"{end.month}月{end.day}日" + tail
    return f"{cn_time(start)}至{tail}"


def _fields(st: Styles, doc: InterviewDoc) -> list[Flowable]:
    p = doc.person
    asker, recorder = doc.inspectors[0], doc.inspectors[1]
    return field_rows(st, [
        [("询问时间：", _span(doc))],
        [("询问地点：", doc.place)],
        [("询问人：", asker.name), ("执法证号：", asker.cert_no)],
        [("记录人：", recorder.name), ("执法证号：", recorder.cert_no)],
        [("被询问人：", p.name), ("性别：", Sex(p.sex).label_zh)],
        [("身份证件号码：", p.id_no)],
        [("工作单位：", p.work_unit), ("职务：", p.post)],
        [("联系电话：", p.phone), ("与本案关系：", p.relation)],
        [("住址：", p.address)],
    ])


def opening(doc: InterviewDoc) -> str:
    """The fixed opening question: who asks, the credentials shown, the duty to
    answer truthfully (行政处罚法第五十五条第二款) and the right to ask for recusal
    (行政处罚法第四十三条第二款)."""
    asker, recorder = doc.inspectors[0], doc.inspectors[1]
    return (f"我们是{doc.department.name}的执法人员{asker.name}、{recorder.name}，执法证号分别为"
            f"{asker.cert_no}、{recorder.cert_no}，这是我们的执法证件（出示执法证件），请你过目。"
            f"现依法就{doc.subject.rstrip('。')}向你询问有关情况。依照《中华人民共和国行政处罚法》第五十五条"
            "第二款的规定，你应当如实回答询问，并协助调查，不得拒绝或者阻挠。依照该法第四十三条第二款的规定，"
            "你认为执法人员与本案有直接利害关系或者有其他关系可能影响公正执法的，有权申请回避。"
            "你看清我们的执法证件了吗？是否申请回避？")


def _qa(st: Styles, question: str, answer: str) -> list[Flowable]:
    bold = st.fonts.bold
    return [st.p(question, st.plain, prefix=f'<font name="{bold}">问：</font>'),
            st.p(answer, st.plain, prefix=f'<font name="{bold}">答：</font>')]


def interview_story(st: Styles, doc: InterviewDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    story += [*_fields(st, doc), Spacer(0, 4 * mm)]
    story += _qa(st, opening(doc), doc.recusal_answer)
    for pair in doc.qa:
        story += _qa(st, pair.question, pair.answer)
    last = story.pop()
    rows = [("询问人（签名）：", f"证号：{doc.inspectors[0].cert_no}"),
            ("记录人（签名）：", f"证号：{doc.inspectors[1].cert_no}")]
    end = st.p("（以下空白）", st.cell_head.clone("blank", fontName=st.fonts.body))
    story.append(KeepTail(last, [Spacer(0, 2 * mm), end, Spacer(0, 2 * mm), *signatures(st, rows)]))
    return story

