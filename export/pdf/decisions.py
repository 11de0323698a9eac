"""The stories of the on-site decisions: 现场处理措施决定书, 查封（扣押）决定书 with two
copies of its 清单, 解除查封（扣押）决定书.  Every clause cited here was checked against
the law texts (安全生产法第六十五条、第七十条; 特种设备安全法第六十一条、第六十三条;
特种设备安全监督检查办法第二十五条、第二十六条; 行政强制法第二十四条、第二十五条、第二十八条;
行政复议法第四十二条 and 行政诉讼法第五十六条 for "不停止执行")."""
from __future__ import annotations

from datetime import timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from checklists.common.vocabulary import Family, OnSiteMeasure, ReleaseReason
from export.docmodel import MeasureDoc, MeasureLine, ReleaseDoc, SeizedItem, SeizureDoc, title_of
from export.pdf.kinds import HAZARD, _closing, ground_sentence
from export.pdf.layout import Styles, cn_date, field_rows, grid, header

SAFETY_LAW = "《中华人民共和国安全生产法》"
FORCE_LAW = "《中华人民共和国行政强制法》"
SEIZURE_BASIS = {
    Family.EMS: f"{SAFETY_LAW}第六十五条第一款第（四）项",
    Family.SAMR: "《中华人民共和国特种设备安全法》第六十一条第（三）项和《特种设备安全监督检查办法》第二十六条第一款",
}


def measure_words(line: MeasureLine) -> str:
    """The decision for one finding, worded for its object: 立即停止使用配电柜;
    立即停止有限空间作业; 立即从…危险区域内撤出作业人员; 自即日起…暂时停产停业."""
    obj = line.object
    return {
        OnSiteMeasure.STOP_USE: f"立即停止使用{obj}",
        OnSiteMeasure.STOP_ACTIVITY: f"立即停止{obj}",
        OnSiteMeasure.WITHDRAW: f"立即从{obj}危险区域内撤出作业人员" if obj else "立即从危险区域内撤出作业人员",
        OnSiteMeasure.SUSPEND: f"自即日起{obj}暂时停产停业" if obj else "自即日起暂时停产停业",
    }[OnSiteMeasure(line.measure)]


def _appeal(doc) -> str:
    dept = doc.department
    return (f"如不服本决定，可以依法在六十日内向{dept.appeal_body}申请行政复议，或者在六个月内依法向"
            f"{dept.court}提起行政诉讼，但本决定不停止执行，法律另有规定的除外。")


def _seq(st: Styles, n: int):
    return st.p(str(n), st.cell_head.clone("seq", fontName=st.fonts.body))


def _problem(line, family: str) -> str:
    text = line.description.rstrip("。") + "。"
    if line.basis:
        text += f"违反{'；'.join(line.basis)}的规定。"
    return text + ground_sentence(line, family)


# ---------------------------------------------------------------- 现场处理措施决定书

def measure_story(st: Styles, doc: MeasureDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    story += [st.p(f"{doc.unit.name}：", st.plain), st.p(
        f"本机关执法人员于{cn_date(doc.found_on)}对你单位进行现场检查时，发现你单位存在下列"
        f"{HAZARD[doc.family]}，在排除前或者排除过程中无法保证安全：")]
    rows = [[_seq(st, line.seq), st.p(_problem(line, doc.family), st.cell), st.p(measure_words(line) + "。", st.cell)]
            for line in doc.lines]
    story += [Spacer(0, 2 * mm), grid(st, ["序号", "存在的问题", "现场处理措施"], rows, [13, 85, 58]),
              Spacer(0, 3 * mm)]
    story += [
        st.p(f"依据{SAFETY_LAW}第六十五条第一款第（三）项的规定，本机关决定对上述{HAZARD[doc.family]}"
             "采取表中所列现场处理措施。"),
        st.p(f"你单位应当依法执行本决定，及时消除事故隐患（{SAFETY_LAW}第七十条第一款）。"
             "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用。"),
    ]
    story += _closing(st, doc, "被检查单位负责人（签名）：", seal=True, lead=st.p(_appeal(doc)))
    return story


# ---------------------------------------------------------------- 查封（扣押）决定书 and 清单

def _item_rows(st: Styles, items: tuple[SeizedItem, ...]) -> list[list]:
    return [[_seq(st, n), st.p(i.name, st.cell), st.p(i.registration_no or "—", st.cell),
             st.p(i.location or "—", st.cell), st.p(i.quantity, st.cell), st.p(i.seals, st.cell)]
            for n, i in enumerate(items, 1)]


ITEM_HEAD = ["序号", "名称", "使用登记证号（编号）", "存放地点", "数量", "封条编号"]
ITEM_WIDTHS = [13, 32, 33, 28, 16, 34]   # 序号 on one line; seal numbers are the longest


def seizure_story(st: Styles, doc: SeizureDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    u = doc.unit
    story += [st.p(f"{u.name}：", st.plain)]
    if u.address:
        story.append(st.p(f"地址：{u.address}", st.plain))
    story.append(st.p(f"本机关执法人员于{cn_date(doc.found_on)}对你单位进行检查时发现：", st.plain))
    story += [st.p(f"{line.seq}．{_problem(line, doc.family)}") for line in doc.findings]
    names = "、".join(f"{i.name}（{i.quantity}）" for i in doc.items)
    ends = doc.issued_at + timedelta(days=doc.term_days)
    story += [
        st.p(f"依据{SEIZURE_BASIS[doc.family]}的规定，本机关决定对你单位的{names}予以查封（扣押），"
             "查封（扣押）的设施、设备详见《查封（扣押）清单》。"),
        st.p(f"查封（扣押）期限为{doc.term_days}日，自本决定作出之日的次日起计算，至{cn_date(ends)}止"
             f"（{FORCE_LAW}第二十五条）。期限内，你单位不得擅自启封、使用、转移或者处置被查封（扣押）的设施、设备。"),
    ]
    story += _closing(st, doc, "当事人（签名）：", seal=True, lead=st.p(_appeal(doc)))
    for copy in ("当事人保存", "行政机关保存"):
        story += [PageBreak(), *seizure_list(st, doc, copy)]
    return story


def seizure_list(st: Styles, doc: SeizureDoc, copy: str) -> list[Flowable]:
    """One copy of the 查封（扣押）清单 (行政强制法第二十四条第三款: 一式二份)."""
    story = header(st, doc.family, "查封（扣押）清单", doc.number, doc.department.name)
    story += [st.p(f"（{copy}）", st.plain),
              *field_rows(st, [[("当事人：", doc.unit.name)],      # the number on one line, never cut
                               [("查封（扣押）决定书文号：", doc.number)]]),
              Spacer(0, 2 * mm), grid(st, ITEM_HEAD, _item_rows(st, doc.items), ITEM_WIDTHS), Spacer(0, 3 * mm)]
    lead = st.p(f"本清单一式二份，由当事人和行政机关分别保存（{FORCE_LAW}第二十四条第三款）。")
    story += _closing(st, doc, "当事人（签名）：", seal=False, lead=lead)
    return story


# ---------------------------------------------------------------- 解除查封（扣押）决定书

RELEASE_GROUNDS = {
    ReleaseReason.REMOVED: ("上述事故隐患已经消除，不再需要采取查封（扣押）措施", "第二十八条第一款第（五）项"),
    ReleaseReason.EXPIRED: ("查封（扣押）期限已经届满", "第二十八条第一款第（四）项"),
}


def release_story(st: Styles, doc: ReleaseDoc) -> list[Flowable]:
    story = header(st, doc.family, title_of(doc), doc.number, doc.department.name)
    why, article = RELEASE_GROUNDS[ReleaseReason(doc.reason)]
    review = f"经复查（《整改复查意见书》文号：{doc.review_number}），" if doc.review_number else "经复查，"
    if doc.reason == ReleaseReason.EXPIRED:
        review = ""
    story += [st.p(f"{doc.unit.name}：", st.plain), st.p(
        f"本机关于{cn_date(doc.seizure_date)}作出《查封（扣押）决定书》（文号：{doc.seizure_number}），"
        "对你单位下列设施、设备予以查封（扣押）：")]
    story += [Spacer(0, 2 * mm), grid(st, ITEM_HEAD, _item_rows(st, doc.items), ITEM_WIDTHS), Spacer(0, 3 * mm)]
    story.append(st.p(f"{review}{why}。依据{FORCE_LAW}{article}的规定，本机关决定自即日起解除上述查封（扣押）。"))
    lead = st.p("被查封的设施、设备由执法人员当场启封；被扣押的财物立即退还"
                f"（{FORCE_LAW}第二十八条第二款）。")
    story += _closing(st, doc, "当事人（签名）：", seal=True, lead=lead)
    return story

