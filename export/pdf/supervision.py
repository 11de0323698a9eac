"""The story of the 挂牌督办通知书.  Every clause cited was checked against the law texts:
安全生产法第四十一条第二款 (the unit eliminates hazards and reports how a 重大事故隐患 is being
dealt with) and 第三款 (the departments' 重大事故隐患治理督办制度); for 特种设备,
特种设备安全法第六十三条第一款 (the department orders the unit to take measures to
eliminate a 严重事故隐患)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from checklists.common.vocabulary import Family
from export.docmodel import SupervisionDoc, title_of
from export.pdf.kinds import HAZARD, ground_sentence
from export.pdf.layout import FILED_BY, KeepTail, SealBlock, Styles, cn_date, grid, header, signatures

SAFETY_LAW = "《中华人民共和国安全生产法》"
SE_LAW = "《中华人民共和国特种设备安全法》"

# Why the department lists it, and what the unit must do, with the article for each.
GROUNDS = {
    Family.EMS: f"依据{SAFETY_LAW}第四十一条第三款的规定，本机关决定对上述重大事故隐患实行挂牌督办",
    Family.SAMR: (f"依据{SE_LAW}第六十三条第一款的规定，本机关责令你单位采取措施消除上述严重事故隐患，"
                  "并对其实行挂牌督办"),
}
DUTIES = {
    Family.EMS: (f"你单位应当采取技术、管理措施，在督办期限内消除上述重大事故隐患，并及时向本机关报告重大事故隐患"
                 f"治理情况（{SAFETY_LAW}第四十一条第二款）。"),
    Family.SAMR: "你单位应当采取措施，在督办期限内消除上述严重事故隐患，并及时向本机关报告隐患治理情况。",
}


def _problem(line, family: str) -> str:
    text = line.description.rstrip("。") + "。"
    if line.basis:
        text += f"违反{'；'.join(line.basis)}的规定。"
    return text + ground_sentence(line, family)


def supervision_story(st: Styles, doc: SupervisionDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    hazard = HAZARD[doc.family]
    order = f"（已以《{'特种设备安全监察指令书' if doc.family == Family.SAMR else '责令限期整改指令书'}》" \
            f"文号：{doc.order_number}责令整改）" if doc.order_number else ""
    story += [st.p(f"{doc.unit.name}：", st.plain)]
    if doc.unit.address:
        story.append(st.p(f"地址：{doc.unit.address}", st.plain))
    story.append(st.p(f"本机关执法人员于{cn_date(doc.found_on)}对你单位进行检查时，发现你单位存在下列{hazard}{order}："))
    rows = [[st.p(str(line.seq), st.cell), st.p(_problem(line, doc.family), st.cell),
             st.p(cn_date(line.deadline) if line.deadline else "—", st.cell)] for line in doc.findings]
    story += [Spacer(0, 2 * mm), grid(st, ["序号", "存在的问题", "整改期限"], rows, [13, 99, 44]), Spacer(0, 3 * mm)]
    story.append(st.p(f"{GROUNDS[doc.family]}。督办单位：{doc.supervisor}；挂牌日期：{cn_date(doc.listed_on)}；"
                      f"督办期限：{cn_date(doc.deadline)}。"))
    lead = st.p(f"{DUTIES[doc.family]}请于{cn_date(doc.deadline)}前完成整改并向本机关书面报告；本机关复查确认"
                "隐患已经消除的，予以摘牌。逾期未消除的，本机关将依法处理。")
    block: list[Flowable] = [Spacer(0, 3 * mm), *signatures(st, [("被督办单位负责人（签收）：", "")]),
                             Spacer(0, 1 * mm), SealBlock(st.fonts, doc.department.name, doc.issued_at,
                                                          doc.department.seal_png),
                             st.p(f"本文书一式两份：一份由{FILED_BY[doc.family]}存档，一份交被督办单位。", st.cell)]
    story.append(KeepTail(lead, block))
    return story
