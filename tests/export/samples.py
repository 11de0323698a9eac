"""Realistic synthetic document data for the export tests (names include the
CJK Ext-B characters 𠀾 U+2003E and 𡈼 U+2123C)."""
from __future__ import annotations

import io
from datetime import date, datetime

from PIL import Image, ImageDraw

from export.docmodel import (
    Department,
    FindingLine,
    Inspector,
    OrderDoc,
    PhotoAnnex,
    PhotoRef,
    RecordDoc,
    ReviewDoc,
    ReviewLine,
    SectionSummary,
    Unit,
)

RARE_UNIT = "佛山市南海区𠀾记五金机械制造有限公司"
RARE_PERSON = "陈𡈼"


def jpeg(w: int = 800, h: int = 600, colour=(90, 120, 160), label: str = "") -> bytes:
    img = Image.new("RGB", (w, h), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle([w // 8, h // 8, w * 7 // 8, h * 7 // 8], outline=(250, 250, 250), width=max(2, w // 100))
    draw.line([0, 0, w, h], fill=(240, 200, 40), width=max(2, w // 150))
    if label:
        draw.text((w // 6, h // 6), label, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def department(**kw) -> Department:
    base = dict(name="广州市天河区应急管理局", abbr="穗天", government="广州市天河区人民政府",
                court="广州铁路运输法院")
    base.update(kw)
    return Department(**base)


def inspectors() -> tuple[Inspector, ...]:
    return (Inspector("李建国", "44010612001"), Inspector(RARE_PERSON, "44010612017"))


def unit(**kw) -> Unit:
    base = dict(name=RARE_UNIT, address="广东省佛山市南海区狮山镇科技工业园B区12号",
                legal_rep="黄志明", legal_rep_title="总经理", phone="0757-86661234",
                credit_code="91440605MA4UXXXX2K", site_manager="周永康")
    base.update(kw)
    return Unit(**base)


FINDINGS = [
    ("车间二楼配电箱前堆放纸箱等杂物，配电箱未上锁，箱门未设置警示标志", ("《中华人民共和国安全生产法》第三十五条",),
     "立即清理配电箱前杂物，配电箱上锁并设置安全警示标志", "general", "immediate", None, "EMS-ELEC-03"),
    ("抛光车间除尘系统未按规定采取防止粉尘爆炸的泄爆、隔爆措施，除尘器设置在车间内",
     ("《工贸企业粉尘防爆安全规定》第十三条", "《中华人民共和国安全生产法》第四十一条第二款"),
     "停止抛光作业，按规定设置泄爆、隔爆装置，将除尘器移至室外安全区域", "major", "stop_use", date(2026, 4, 15),
     "EMS-DUST-07"),
    ("叉车司机王某未取得特种设备作业人员证上岗作业", ("《中华人民共和国特种设备安全法》第十四条",),
     "立即停止无证人员作业，安排取证培训", "general", "deadline", date(2026, 3, 31), "SAMR-N1-02"),
    ("未建立事故隐患排查治理台账，隐患排查治理情况未如实记录", ("《中华人民共和国安全生产法》第四十一条第二款",),
     "建立隐患排查治理台账，如实记录并向从业人员通报", "general", "deadline", date(2026, 3, 31), "EMS-MGMT-11"),
]


ISSUED = date(2026, 3, 2)   # 立即 items are due on the day of issue


def findings(n: int | None = None, photos: int = 0) -> tuple[FindingLine, ...]:
    out = []
    count = n or len(FINDINGS)
    for i in range(count):
        desc, basis, measure, level, rect, deadline, ref = FINDINGS[i % len(FINDINGS)]
        pics = tuple(PhotoRef(jpeg(label=f"{i + 1}-{k + 1}"), caption=f"第{i + 1}项现场情况{k + 1}", item_ref=ref,
                              taken_at=datetime(2026, 3, 2, 9, 30 + k)) for k in range(photos))
        out.append(FindingLine(seq=i + 1, description=desc, basis=basis, measure=measure, level=level,
                               rectification=rect, deadline=deadline or ISSUED, item_ref=ref, photos=pics))
    return tuple(out)


def common(**kw) -> dict:
    base = dict(issued_at=date(2026, 3, 2), family="ems", department=department(), unit=unit(),
                inspectors=inspectors())
    base.update(kw)
    return base


def record(**kw) -> RecordDoc:
    base = common(number="（穗天）应急检记〔2026〕A07-014号", place="抛光车间、配电房、叉车作业区",
                  started_at=datetime(2026, 3, 2, 9, 5), ended_at=datetime(2026, 3, 2, 11, 40),
                  sections=(SectionSummary("安全生产管理", 10, 1, 0), SectionSummary("粉尘防爆", 8, 1, 1),
                            SectionSummary("电气安全", 6, 1, 0), SectionSummary("特种设备", 5, 1, 2)),
                  findings=findings())
    base.update(kw)
    return RecordDoc(**base)


def order(**kw) -> OrderDoc:
    base = common(number="（穗天）应急责改〔2026〕A07-015号", findings=findings(photos=1))
    base.update(kw)
    return OrderDoc(**base)


def samr_order(**kw) -> OrderDoc:
    base = common(number="（穗天）市监特令〔2026〕B02-003号", family="samr",
                  department=department(name="广州市天河区市场监督管理局"), findings=findings())
    base.update(kw)
    return OrderDoc(**base)


def review(**kw) -> ReviewDoc:
    lines = (ReviewLine(1, FINDINGS[0][0], "rectified", "配电箱前杂物已清理，箱门已上锁并设置警示标志"),
             ReviewLine(2, FINDINGS[1][0], "partly", "泄爆装置已安装，除尘器尚未移至室外",
                        photos=(PhotoRef(jpeg(colour=(60, 140, 90)), "复查时除尘器位置", "EMS-DUST-07",
                                         datetime(2026, 4, 16, 10, 12)),), deadline=date(2026, 5, 15)),
             ReviewLine(3, FINDINGS[2][0], "not_rectified", "该司机仍未取证", deadline=date(2026, 5, 31)))
    base = common(number="（穗天）应急复查〔2026〕A07-021号", issued_at=date(2026, 4, 17),
                  order_number="（穗天）应急责改〔2026〕A07-015号", order_date=date(2026, 3, 2), lines=lines,
                  reviewed_on=date(2026, 4, 16), report_received=date(2026, 4, 10))
    base.update(kw)
    return ReviewDoc(**base)


def annex(**kw) -> PhotoAnnex:
    base = common(number="（穗天）应急检记〔2026〕A07-014号", parent_title="现场检查记录",
                  findings=findings(photos=2)[:3])
    base.update(kw)
    return PhotoAnnex(**base)
