"""The story of the 送达回证: one ruled form listing the documents served together,
how, where and when, with room for the receiver's, the witness's and the
servers' handwritten signatures, and the department's seal."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from checklists.common.vocabulary import ServiceMethod, SignerRole, local_time
from export.docmodel import ServiceDoc, SignedMark, title_of
from export.pdf.layout import TABLE_SIZE, TEXT_W, SealBlock, Styles, cn_date, cn_time, header
from export.pdf.signature import InkMark

NBSP = "\xa0"                # a space a paragraph keeps (U+3000 would be collapsed)
DATE_BLANK = f"{NBSP * 4}年{NBSP * 3}月{NBSP * 3}日"
LABEL_W = 34 * mm
PAD = 5
INNER_W = TEXT_W - LABEL_W - 2 * PAD


def sign_line(st: Styles, who: str, width: float = INNER_W, mark: SignedMark | None = None) -> Table:
    """``who`` then a rule for the handwritten signature, then the date to fill in;
    with ``mark`` (signed on screen) the strokes and the time on the rule, and the date."""
    label_w = st.fonts.width(who, TABLE_SIZE) + 2
    dated = cn_date(local_time(mark.signed_at).date()) if mark else DATE_BLANK
    date_w = max(st.fonts.width(DATE_BLANK, TABLE_SIZE), st.fonts.width(dated, TABLE_SIZE)) + 6
    line_w = width - label_w - date_w
    ink = InkMark(st.fonts, mark, line_w - 3 * mm, 7 * mm) if mark else ""   # a gap before the date
    table = Table([[st.p(who, st.cell), ink, st.p(dated, st.cell)]],
                  colWidths=[label_w, line_w, date_w], rowHeights=[9 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _signed(st: Styles, text: str, who: str, mark: SignedMark | None = None) -> list[Flowable]:
    """A cell: ``text`` (may be empty), then the signature line of ``who``."""
    return [*([st.p(text, st.cell)] if text else []), sign_line(st, who, mark=mark)]


def _documents_text(doc: ServiceDoc) -> str:
    return "\n".join(f"{n}.《{d.title}》{d.number}" for n, d in enumerate(doc.documents, 1))


def _method_text(doc: ServiceDoc) -> str:
    method = ServiceMethod(doc.method)
    text = method.label_zh
    if method == ServiceMethod.POST:
        text += f"（邮件号码：{doc.tracking_no}）"
    elif method == ServiceMethod.ELECTRONIC:
        text += f"（送达地址：{doc.e_address}；受送达人已签订确认书，同意以电子方式送达）"
    elif method == ServiceMethod.ENTRUSTED:
        text += f"（委托{doc.entrusted_to}代为送达）"
    return text


def _receipt_rows(st: Styles, doc: ServiceDoc) -> list[list]:
    """The rows where the receipt is signed, or where the refusal is recorded."""
    method = ServiceMethod(doc.method)
    if method == ServiceMethod.LODGED:
        text = f"受送达人拒绝签收。拒收情况：{doc.refused.rstrip('。')}。送达人已将上述文书留置于送达地点"
        text += f"，并以{doc.recorded.rstrip('。')}记录送达过程。" if doc.recorded else "。"
        witness = (_signed(st, f"见证人：{doc.witness}", "见证人（签名）：", doc.signed(SignerRole.WITNESS))
                   if doc.witness
                   else [st.p("无见证人；送达过程已以上述方式记录。", st.cell)])
        return [["拒收情况", [st.p(text, st.cell)]], ["见证人", witness]]
    if method in (ServiceMethod.POST, ServiceMethod.ELECTRONIC):
        proof = "以邮件回执为凭。" if method == ServiceMethod.POST else "以电子送达的记录为凭。"
        return [["收件人签收", [st.p(proof, st.cell)]]]
    rows = [["收件人签收", _signed(st, "", "收件人（签名）：", doc.signed(SignerRole.UNIT))]]
    if doc.proxy:
        rows.append(["代收人及代收理由",
                     _signed(st, f"代收人：{doc.proxy}；代收理由：{doc.proxy_reason.rstrip('。')}。",
                             "代收人（签名）：")])
    return rows


def _servers(st: Styles, doc: ServiceDoc) -> list[Flowable]:
    cell: list[Flowable] = []
    for person in doc.inspectors:
        mark = doc.signed(SignerRole.INSPECTOR, person.name)
        cell += [st.p(f"{person.name}（执法证号：{person.cert_no}）", st.cell), sign_line(st, "签名：", mark=mark),
                 Spacer(0, 1 * mm)]
    return cell[:-1]


def _form(st: Styles, doc: ServiceDoc) -> Table:
    rows = [["受送达人", [st.p(doc.unit.name, st.cell)]],
            ["送达文书名称及文号", [st.p(_documents_text(doc), st.cell)]],
            ["送达地点", [st.p(doc.place, st.cell)]],
            ["送达时间", [st.p(cn_time(doc.served_at), st.cell)]],
            ["送达方式", [st.p(_method_text(doc), st.cell)]],
            *_receipt_rows(st, doc),
            ["送达人", _servers(st, doc)],
            ["备注", [st.p(doc.note or "", st.cell)]]]
    data = [[st.p(label, st.cell_head), cell] for label, cell in rows]
    table = Table(data, colWidths=[LABEL_W, TEXT_W - LABEL_W], splitInRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (0, -1), "MIDDLE"), ("VALIGN", (1, 0), (1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def service_story(st: Styles, doc: ServiceDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    seal = SealBlock(st.fonts, doc.department.name, doc.issued_at, doc.department.seal_png)
    return [*story, _form(st, doc), Spacer(0, 2 * mm), seal]
