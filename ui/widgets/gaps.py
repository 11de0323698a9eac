"""The words for the 重大/严重 hazards that no order or decision carries yet
(``export.decisions.handling_gaps``): the finish view's banner and the question at
完成检查 both list them, with the documents that would carry each."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from checklists.common.vocabulary import DocumentKind, Family, HazardLevel, Rectification
from export.decisions import Gap

from ..context import Context


def short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def gap_lines(ctx: Context, family: str | None, gaps: list[Gap]) -> list[str]:
    """One line per gap: its number, what it is, and what to issue."""
    lines = []
    for gap in gaps:
        kinds = [DocumentKind.SAMR_ORDER if k == DocumentKind.ORDER and family == Family.SAMR else k
                 for k in gap.remedies[:2]]      # the usual two; a seizure of 应急 is the rarer case
        quoted = [QCoreApplication.translate("gaps", "《%1》").replace("%1", ctx.label(k)) for k in kinds]
        what = QCoreApplication.translate("gaps", "或").join(quoted)
        line = (QCoreApplication.translate("gaps", "第%1项 %2 — 请出具%3").replace("%1", str(gap.seq))
                .replace("%2", short(gap.finding.description)).replace("%3", what))
        if gap.finding.rectification == Rectification.IMMEDIATE:
            line += QCoreApplication.translate("gaps", "，或当场整改完毕后“当场整改销号”")
        lines.append(line)
    return lines


EMS_MAJOR = {"zh": "重大事故隐患", "en": "Major accident hazard"}


def major_label(ctx: Context, family: str | None) -> str:
    """重大事故隐患 (应急) / 严重事故隐患 (特种设备), as the documents and the law say."""
    from ..views.walk import hazard_label
    if family == Family.SAMR:
        return hazard_label(ctx, HazardLevel.MAJOR, family)
    return EMS_MAJOR["zh" if ctx.lang.startswith("zh") else "en"]
