"""The story (list of flowables) of each document kind."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from checklists.common.vocabulary import Family, HazardLevel, Opinion, Rectification, SignerRole
from export.docmodel import EVIDENCE_KINDS, OPINIONS, FindingLine, OrderDoc, RecordDoc, ReviewDoc, title_of
from export.pdf.layout import (
    FILED_BY,
    KeepTail,
    SealBlock,
    Styles,
    cn_date,
    cn_time,
    field_rows,
    grid,
    header,
    signatures,
)

HAZARD = {Family.EMS: "重大事故隐患", Family.SAMR: "严重事故隐患"}


def _items(seqs: list[int]) -> str:
    return "、".join(str(s) for s in seqs)


def _inspector_rows(doc, label: str) -> list[tuple]:
    """One signature line per inspector, with the signature captured on screen when there is one."""
    rows = []
    for n, p in enumerate(doc.inspectors):
        mark = doc.signed(SignerRole.INSPECTOR, p.name)
        rows.append((label if n == 0 else "", f"证号：{p.cert_no}", *((mark,) if mark else ())))
    return rows


def _signed_row(doc, label: str, role: SignerRole) -> tuple:
    mark = doc.signed(role)
    return (label, "", mark) if mark else (label, "")


def refusal_text(doc, unit_label: str) -> str:
    """What prints in the unit's signature place when its responsible person refused to
    sign (特种设备安全监督检查办法第二十七条第一款; 安全生产法第六十八条)."""
    who = unit_label.replace("（签名）", "").rstrip("：") or "被检查单位负责人"
    r = doc.refusal
    text = f"{who}{r.who}拒绝签名。执法人员注明：{r.note.rstrip('。')}。"
    if r.witness:
        text += f"见证人：{r.witness}。"
    if r.evidence or r.files:
        text += "已采取拍照、录音或者录像等方式记录。"
    if r.files:
        listed = "；".join(f"{EVIDENCE_KINDS.get(f.kind, f.kind)}“{f.name}”（SHA-256：{f.sha256[:16]}…）"
                          for f in r.files)
        text += f"证据文件：{listed}。"
    return text


def _closing(st: Styles, doc, unit_label: str, seal: bool, lead: Flowable, dated=None) -> list[Flowable]:
    """Signatures of the inspectors and the unit (or the note of its refusal, with the
    witness's signature line), the seal block dated ``dated`` (default: the issue date)
    and the copies line, on one page with the end of ``lead`` (the last paragraph of the
    text), so that the signatures never stand on a page of their own (layout.KeepTail)."""
    law_label = "执法人员（签名）："
    rows = _inspector_rows(doc, law_label)
    if doc.refusal is None:
        rows.append(_signed_row(doc, unit_label, SignerRole.UNIT))
    elif doc.refusal.witness:
        rows.append(_signed_row(doc, "见证人（签名）：", SignerRole.WITNESS))
    block: list[Flowable] = [Spacer(0, 3 * mm), *signatures(st, rows), Spacer(0, 1 * mm)]
    if doc.refusal is not None:
        block.append(st.p(refusal_text(doc, unit_label), st.cell))
    when = dated or doc.issued_at
    if seal:
        block.append(SealBlock(st.fonts, doc.department.name, when, doc.department.seal_png))
        copies = f"本文书一式两份：一份由{FILED_BY[doc.family]}存档，一份交被检查单位。"
        block.append(st.p(copies, st.cell))
    else:
        block.append(SealBlock(st.fonts, "", when, None, with_name=False))
    return [KeepTail(lead, block)]


# ---------------------------------------------------------------- 现场检查记录

def record_story(st: Styles, doc: RecordDoc) -> list[Flowable]:
    u = doc.unit
    span = f"{cn_time(doc.started_at)} 至 {doc.ended_at.month}月{doc.ended_at.day}日" \
           f"{doc.ended_at.hour}时{doc.ended_at.minute:02d}分"
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    story += field_rows(st, [
        [("被检查单位：", u.name)],
        [("地址：", u.address)],
        [("统一社会信用代码：", u.credit_code)],
        [("法定代表人（负责人）：", u.legal_rep), ("职务：", u.legal_rep_title)],
        [("联系电话：", u.phone), ("现场负责人：", u.site_manager)],
        [("检查场所：", doc.place)],
        [("检查时间：", span)],
    ])
    story += [Spacer(0, 4 * mm), *_record_opening(st, doc)]
    story += [st.p("检查情况：", st.heading), *_record_findings(st, doc)]
    site = "被检查单位现场负责人（签名）："
    story += _closing(st, doc, site, seal=False, lead=story.pop(), dated=doc.dated)
    return story


def _record_opening(st: Styles, doc: RecordDoc) -> list[Flowable]:
    """The inspectors name themselves and show their credentials; for 市场监管 they also
    state the 任务来源、依据、内容、要求 (特种设备安全监督检查办法第十九条)."""
    names = "、".join(p.name for p in doc.inspectors)
    certs = "、".join(p.cert_no for p in doc.inspectors)
    intro = (f"我们是{doc.department.name}执法人员{names}，证件号码为{certs}，这是我们的证件（出示证件）。")
    if doc.family != Family.SAMR:
        return [st.p(intro + "现依法对你单位进行现场检查，请予以配合。")]
    checklists = "、".join(doc.checklists)
    content = f"{checklists}所列项目" if checklists else "特种设备使用管理情况"
    return [st.p(intro + "现依法对你单位进行特种设备安全监督检查，说明如下："),
            st.p(f"任务来源：{doc.task_source.rstrip('。')}。"),
            st.p("检查依据：《中华人民共和国特种设备安全法》第五十七条、第六十一条第（一）项和"
                 f"《特种设备安全监督检查办法》的规定{f'，检查标准为{checklists}' if checklists else ''}。"),
            st.p(f"检查内容：{doc.place}，{content}。"),
            st.p("检查要求：请你单位积极配合检查（《特种设备安全监督检查办法》第二十条），如实提供相关材料，"
                 "并在提供的材料上签名或者盖章（第二十二条）；检查结束后核对本记录，由有关负责人签字确认（第二十一条）。")]


def _record_findings(st: Styles, doc: RecordDoc) -> list[Flowable]:
    passed = sum(s.passed for s in doc.sections)
    failed = sum(s.failed for s in doc.sections)
    na = sum(s.na for s in doc.sections)
    out = [st.p(f"依法对你单位{doc.place}进行了现场检查，共检查{passed + failed + na}项，"
                f"其中符合{passed}项，不符合{failed}项，不适用{na}项。具体情况如下：")]
    for n, sec in enumerate(doc.sections, 1):
        total = sec.passed + sec.failed + sec.na
        verdict = f"发现问题{sec.failed}项，见下列问题" if sec.failed else "未发现问题"
        out.append(st.p(f"（{_cn_num(n)}）{sec.title}：检查{total}项，符合{sec.passed}项"
                        f"{f'，不适用{sec.na}项' if sec.na else ''}，{verdict}。"))
    if not doc.findings:
        out.append(st.p("本次检查未发现安全生产违法行为和事故隐患。"))
        return out
    out.append(st.p("发现的问题：", st.plain.clone("lead_in", keepWithNext=1)))
    for line in doc.findings:
        out.append(st.p(_finding_sentence(line, doc.family)))
    return out


def _finding_sentence(line: FindingLine, family: str) -> str:
    # the item reference goes first: a Latin code followed by "）。" at the end of
    # a line cannot be wrapped without starting the next line with "。"
    ref = f"（检查项 {line.item_ref}）" if line.item_ref else " "
    if line.equipment:          # a per-equipment table's finding names its equipment first
        ref += f"{line.equipment}："
    text = f"{line.seq}.{ref}{line.description.rstrip('。')}。"
    if line.basis:
        text += f"违反{'；'.join(line.basis)}的规定。"
    if line.level == HazardLevel.MAJOR:
        text += ground_sentence(line, family)
    return text


def ground_sentence(line, family: str) -> str:
    """“依据《…》…，判定为重大事故隐患。”: the criteria are the ground for the level, not
    a rule broken; without a criterion, only the level."""
    if line.grounds:
        return f"依据{'和'.join(line.grounds)}，判定为{HAZARD[family]}。"
    return f"属{HAZARD[family]}。"


# What an order adds to a 重大/严重 item (安全生产法第六十五条第一款第（三）项 for 应急).
RESUME = {Family.EMS: "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用。",
          Family.SAMR: "严重事故隐患消除并经复查合格前，不得继续使用该特种设备。"}


def _cn_num(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


# ---------------------------------------------------------------- 指令书

def order_story(st: Styles, doc: OrderDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    story += [st.p(f"{doc.unit.name}：", st.plain),
              st.p("经查，你单位存在下列问题：")]
    story += [Spacer(0, 2 * mm), _order_table(st, doc), Spacer(0, 3 * mm)]
    story += [st.p(p) for p in _order_paragraphs(doc)]
    story += _closing(st, doc, "被检查单位负责人（签名）：", seal=True, lead=story.pop())
    return story


def _order_table(st: Styles, doc: OrderDoc):
    rows = []
    for line in doc.findings:
        major = line.level == HazardLevel.MAJOR
        prefix = f'<font name="{st.fonts.bold}">【{HAZARD[doc.family]}】</font>' if major else ""
        text = line.description.rstrip("。") + "。" + ground_sentence(line, doc.family) if major else line.description
        if line.equipment:
            text = f"{line.equipment}：{text}"
        rows.append([
            st.p(str(line.seq), st.cell_head.clone("seq", fontName=st.fonts.body)),
            st.p(text, st.cell, prefix=prefix),
            st.p("；\n".join(line.basis) or "—", st.cell),
            st.p(_measure_text(line, doc) + ("\n" + RESUME[doc.family] if major else ""), st.cell),
        ])
    return grid(st, ["序号", "存在的问题", "违反的规定", "整改措施和期限"], rows, [13, 57, 44, 42])


def _immediate(line: FindingLine, doc: OrderDoc) -> bool:
    """An item due on the day of issue: 立即."""
    return line.rectification != Rectification.DEADLINE and (line.deadline is None or line.deadline <= doc.issued_at)


def _measure_text(line: FindingLine, doc: OrderDoc) -> str:
    """The item's measure and its date.  Every item has a date: 立即 items are due on
    the day of issue; 停止使用 is the 现场处理措施决定书's for 应急, the order's for 特种设备."""
    measure = line.measure.rstrip("。")
    stop = line.rectification == Rectification.STOP_USE and doc.family == Family.SAMR
    said = stop and "停止使用" in measure          # the measure says it already
    if _immediate(line, doc):
        head = "立即执行" if said else "立即停止使用该特种设备" if stop else "立即整改"
        when = f"{head}（{cn_date(doc.issued_at)}）"
    else:
        when = ("立即停止使用该特种设备，" if stop and not said else "") + f"{cn_date(line.deadline)}前整改完毕"
    return f"{measure}。\n{when}" if measure else when


def _deadline_groups(doc: OrderDoc) -> list[str]:
    findings = doc.findings
    immediate = [f.seq for f in findings if _immediate(f, doc)]
    stop = [f.seq for f in findings if f.rectification == Rectification.STOP_USE and doc.family == Family.SAMR]
    dated: dict = {}
    for f in findings:
        if f.deadline and not _immediate(f, doc):
            dated.setdefault(f.deadline, []).append(f.seq)
    parts = []
    if stop:
        parts.append(f"第{_items(stop)}项问题涉及的特种设备立即停止使用")
    if immediate:
        parts.append(f"第{_items(immediate)}项问题立即整改")
    parts += [f"第{_items(seqs)}项问题于{cn_date(day)}前整改完毕" for day, seqs in sorted(dated.items())]
    return parts


def _order_paragraphs(doc: OrderDoc) -> list[str]:
    ems = doc.family == Family.EMS
    serious = any(f.level == HazardLevel.MAJOR or f.rectification == Rectification.STOP_USE for f in doc.findings)
    basis = ("依据《中华人民共和国安全生产法》第六十五条第一款第（二）项、第（三）项的规定" if ems else
             f"依据《中华人民共和国特种设备安全法》第六十二条{'、第六十三条' if serious else ''}"
             "和《特种设备安全监督检查办法》第二十三条的规定")
    paras = [f"{basis}，现责令你单位对上述{'，'.join(_deadline_groups(doc))}，"
             "达到有关法律、法规、规章和国家标准或者行业标准的要求。由此造成事故的，依法追究有关人员的责任。"]
    major = [f.seq for f in doc.findings if f.level == HazardLevel.MAJOR]
    if major:
        paras.append(f"其中，第{_items(major)}项为{HAZARD[doc.family]}。")
    if ems:
        paras.append("整改期间，你单位应当采取有效措施，确保安全生产。对安全不能保证的，应当从危险区域内撤出作业人员，"
                     "暂时停产停业或者停止使用相关设施、设备。")
    else:
        paras.append("整改期间，你单位应当采取有效措施，确保特种设备安全；对安全不能保证的，应当停止使用相关特种设备。"
                     "整改完成后，请将整改情况书面报告本部门。")
    dept = doc.department
    paras.append(f"如不服本指令，可以依法在六十日内向{dept.appeal_body}申请行政复议，或者在六个月内依法向"
                 f"{dept.court}提起行政诉讼，但本指令不停止执行，法律另有规定的除外。")
    return paras


# ---------------------------------------------------------------- 整改复查意见书

def review_story(st: Styles, doc: ReviewDoc) -> list[Flowable]:
    order_title = doc.order_title or ("特种设备安全监察指令书" if doc.family == Family.SAMR else "责令限期整改指令书")
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    received = f"你单位于{cn_date(doc.report_received)}提交了整改报告。" if doc.report_received else ""
    story += [st.p(f"{doc.unit.name}：", st.plain), st.p(
        f"本机关于{cn_date(doc.order_date)}作出了《{order_title}》（文号：{doc.order_number}），{received}"
        f"本机关于{cn_date(doc.reviewed_on)}对你单位整改情况进行了复查，提出如下意见：")]
    rows = [[st.p(str(line.seq), st.cell_head.clone("seq", fontName=st.fonts.body)),
             st.p(line.description, st.cell),
             st.p(OPINIONS[line.opinion], st.cell_head.clone("op", fontName=st.fonts.body)),
             st.p(_review_note(line), st.cell)] for line in doc.lines]
    story += [Spacer(0, 2 * mm), grid(st, ["序号", "原存在的问题", "复查意见", "复查情况说明"], rows,
                                      [13, 63, 24, 56]), Spacer(0, 3 * mm)]
    story += _closing(st, doc, "被复查单位负责人（签名）：", seal=True, lead=st.p(_review_conclusion(doc)))
    return story


def _review_note(line) -> str:
    note = line.note.rstrip("。") + "。" if line.note else ""
    if line.deadline and line.opinion != Opinion.RECTIFIED:
        note += f"限{cn_date(line.deadline)}前整改完毕。"
    return note or "—"


def _review_conclusion(doc: ReviewDoc) -> str:
    open_ = [ln.seq for ln in doc.lines if ln.opinion != Opinion.RECTIFIED]
    if not open_:
        return "经复查，上述问题已整改完毕，予以销号。"
    done = [ln.seq for ln in doc.lines if ln.opinion == Opinion.RECTIFIED]
    head = f"经复查，第{_items(done)}项问题已整改完毕，予以销号；" if done else "经复查，"
    return (head + f"第{_items(open_)}项问题尚未整改完毕，你单位应当继续整改，整改期间采取有效措施确保安全，"
            "整改完成后及时报告。逾期仍未整改的，依法予以处理。")
