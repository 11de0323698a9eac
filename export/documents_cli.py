"""``documents render`` and ``documents list``: issue, reprint and list enforcement documents."""
from __future__ import annotations

import argparse
from pathlib import Path

from checklists.common.errors import InvalidInput, StorageFailure
from checklists.common.messages import Msg
from checklists.common.vocabulary import DocumentKind, TaskSource
from export.particulars_cli import register_issue
from export.verify_cli import register as register_verify
from storage.files import atomic_write
from storage.paths import default_workspace
from storage.workspace import Workspace

KINDS = ("record", "order", "review", "measure", "seizure", "release")
OPINION_CHOICES = "rectified|not_rectified|partly"


def register(sub: argparse._SubParsersAction) -> None:
    docs = sub.add_parser("documents",
                          help="执法文书：出具、重印与列出 / issue, reprint and list enforcement documents")
    actions = docs.add_subparsers(dest="documents_command", metavar="<action>", required=True)
    render = actions.add_parser(
        "render", help="为一次检查出具文书（取文号并保存）并写出 PDF；已出具的按原文重印 / issue a "
                       "document for an inspection and write its PDF; an issued one is written again")
    render.add_argument("inspection_id", metavar="INSPECTION_ID",
                        help="检查 ID（--kind review 时为复查的 ID；见 inspections list）/ the inspection "
                             "(for --kind review: the re-inspection)")
    render.add_argument("--kind", choices=KINDS, required=True,
                        help="文书种类：record 现场检查记录，order 指令书，review 整改复查意见书，measure "
                             "现场处理措施决定书，seizure 查封（扣押）决定书，release 解除查封（扣押）决定书 / "
                             "the kind")
    render.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help="写出的 PDF 文件 / the PDF file to write")
    render.add_argument("--reissue", action="store_true",
                        help="更正已出具的文书：另取文号并取代原文书 / correct the issued document: "
                             "a new number that supersedes the old one")
    render.add_argument("--no-photos", action="store_true", help="不附照片页 / leave out the photo annex")
    render.add_argument("--opinion", action="append", default=[], metavar="FINDING_ID=OPINION",
                        help=f"复查：某项隐患的复查意见（{OPINION_CHOICES}），可重复 / review: opinion "
                             "on one finding; repeatable")
    render.add_argument("--rest", choices=OPINION_CHOICES.split("|"),
                        help="复查：未用 --opinion 指明的其余隐患的意见 / review: opinion for every "
                             "finding not named by --opinion")
    render.add_argument("--note", action="append", default=[], metavar="FINDING_ID=TEXT",
                        help="复查：某项隐患的复查情况，可重复 / review: what the re-inspection saw "
                             "for one finding; repeatable")
    render.add_argument("--deadline", action="append", default=[], metavar="FINDING_ID=YYYY-MM-DD",
                        help="复查：未（全部）整改隐患的新期限，可重复 / review: new deadline for a "
                             "finding not (fully) rectified; repeatable")
    _dates_and_refusal(render)
    _decision_options(render)
    render.set_defaults(func=run_render)
    register_issue(actions)
    register_verify(actions)
    listing = actions.add_parser("list", help="列出已出具的文书，最新在前 / issued documents, newest first")
    listing.add_argument("--inspection", metavar="INSPECTION_ID",
                         help="只列该检查的文书 / only this inspection's documents")
    listing.set_defaults(func=run_list)


def _decision_options(render: argparse.ArgumentParser) -> None:
    """Options for the 现场处理措施决定书, the 查封（扣押）决定书 and its release."""
    render.add_argument("--measure", action="append", default=[], metavar="FINDING_ID=MEASURE[:OBJECT]",
                        help="现场处理措施：某项隐患的措施（stop_use|stop_activity|withdraw|suspend）及其对象，"
                             "可重复 / measure: the measure for one finding and what it applies to; repeatable")
    render.add_argument("--item", action="append", default=[], metavar="名称|登记证号|地点|数量|封条编号",
                        help="查封（扣押）：清单的一项，可重复 / seizure: one line of the list; repeatable")
    render.add_argument("--finding", action="append", default=[], metavar="FINDING_ID",
                        help="查封（扣押）的理由（隐患），可重复；缺省为全部重大隐患 / seizure: a finding "
                             "it rests on; default: every major one")
    render.add_argument("--term", type=int, default=30, metavar="DAYS",
                        help="查封（扣押）期限（日），不超过 30 / seizure: the term in days (at most 30)")
    render.add_argument("--reason", choices=("removed", "expired"), default="removed",
                        help="解除的理由：removed 隐患已消除（须复查销号），expired 期限届满 / release: why")


def _dates_and_refusal(render: argparse.ArgumentParser) -> None:
    """Options for the 整改报告 date, the 任务来源 and 拒签."""
    render.add_argument("--report-received", metavar="YYYY-MM-DD",
                        help="复查：收到整改报告的日期（市场监管必填）/ review: the day the rectification "
                             "report was received (required for market regulation)")
    render.add_argument("--task-source", choices=[str(s) for s in TaskSource],
                        help="记录：检查的任务来源（市场监管必填；写入该检查）/ record: where the inspection's "
                             "task came from (required for market regulation; saved on the inspection)")
    render.add_argument("--task-source-note", metavar="TEXT",
                        help="记录：任务来源说明，如计划名称 / record: the plan or case it came from")
    render.add_argument("--refused", metavar="NOTE",
                        help="被检查单位负责人拒绝签名：执法人员注明的情况（印在签名处；"
                             "与 --reissue 合用即记录事后发现的拒签） / the unit refused to sign: the inspectors' "
                             "note (with --reissue: a refusal "
                             "noticed after printing)")
    render.add_argument("--witness", default="", metavar="NAME", help="拒签的见证人 / witness of the refusal")
    render.add_argument("--evidence", action="store_true",
                        help="拒签已拍照、录音或录像 / the refusal was photographed, recorded or filmed")


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise InvalidInput(option, "“{value}” 应写成 隐患ID=值", value=value)
        out[key.strip()] = rest.strip()
    return out


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a half-written PDF never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda fh: fh.write(data), doing="写入 PDF 文件")


def _write_issued(path: Path, data: bytes, label: str, number: str) -> None:
    """Write an issued document's PDF; when the disk refuses, say that it is issued all the same."""
    try:
        _write(path, data)
    except StorageFailure as err:
        raise StorageFailure("{label} {number} 已出具并保存在工作区，但 PDF 文件未能写出：{failure}",
                             cause=err.cause, hint="{advice}；之后再次运行同一命令将按原文重印，不会另取文号",
                             label=Msg(label), number=number, failure=err.message, advice=err.hint) from err


def run_render(args: argparse.Namespace) -> int:
    from export import issue

    with Workspace.open(args.workspace or default_workspace()) as ws:
        kind = DocumentKind(args.kind)
        existing = issue.current_document(ws, args.inspection_id, kind)
        photos, refusal = not args.no_photos, _refusal(args)
        source = {k: v for k, v in (("task_source", args.task_source),
                                    ("task_source_note", args.task_source_note)) if v}
        if source:
            ws.update_inspection(args.inspection_id, **source)
        if existing and not args.reissue:
            doc, verb = existing, "已出具，按原文重印 / already issued, same bytes written"
        elif existing:
            doc = issue.reissue(ws, existing.id, refusal=refusal)
            verb = f"已更正，取代 {existing.number} / reissued"
        elif kind == DocumentKind.RECORD:
            doc = issue.issue_record(ws, args.inspection_id, photos=photos, refusal=refusal)
            verb = "已出具 / issued"
        elif kind == DocumentKind.ORDER:
            doc = issue.issue_order(ws, args.inspection_id, photos=photos, refusal=refusal)
            verb = "已出具 / issued"
        elif kind in (DocumentKind.MEASURE, DocumentKind.SEIZURE, DocumentKind.RELEASE):
            doc, verb = _decision(ws, args, kind, photos), "已出具 / issued"
        else:
            doc, verb = _review(ws, args, photos, refusal), "已出具 / issued"
        _write_issued(args.out, ws.document_pdf(doc.id), issue.KIND_LABELS[doc.kind], doc.number)
    print(f"{issue.KIND_LABELS[doc.kind]} {doc.number} {verb} -> {args.out}")
    return 0


def _refusal(args: argparse.Namespace):
    from export.docmodel import Refusal

    if args.refused is None:
        if args.witness or args.evidence:
            raise InvalidInput("--refused", "--witness 与 --evidence 只用于记录拒签",
                               hint="请同时用 --refused 写明拒签情况")
        return None
    return Refusal(args.refused, args.witness, args.evidence)


def _review(ws: Workspace, args: argparse.Namespace, photos: bool, refusal=None):
    from export import issue

    opinions = _pairs(args.opinion, "--opinion")
    if args.rest:
        for finding in issue.review_candidates(ws, args.inspection_id):
            opinions.setdefault(finding.id, args.rest)
    return issue.issue_review(ws, args.inspection_id, opinions, notes=_pairs(args.note, "--note"),
                              deadlines=_pairs(args.deadline, "--deadline"), photos=photos,
                              report_received=args.report_received, refusal=refusal)


def _decision(ws: Workspace, args: argparse.Namespace, kind: DocumentKind, photos: bool):
    from export import decisions

    if kind == DocumentKind.MEASURE:
        chosen = {c.finding_id: c for c in decisions.measure_defaults(ws, args.inspection_id)}
        for fid, value in _pairs(args.measure, "--measure").items():
            measure, _, obj = value.partition(":")
            chosen[fid] = decisions.MeasureChoice(fid, decisions._measure(measure), obj)
        return decisions.issue_measure(ws, args.inspection_id, list(chosen.values()), photos=photos)
    if kind == DocumentKind.SEIZURE:
        findings, items = decisions.seizure_defaults(ws, args.inspection_id)
        if args.item:
            items = [_item(text) for text in args.item]
        return decisions.issue_seizure(ws, args.inspection_id, args.finding or findings, items,
                                       term_days=args.term, photos=photos)
    seizures = decisions.live_seizures(ws, args.inspection_id)
    if not seizures:
        raise InvalidInput("--kind release", "该检查没有未解除的查封（扣押）决定书",
                           hint="解除须针对已出具的查封（扣押）决定书所在的检查")
    return decisions.issue_release(ws, seizures[0].id, args.reason)


def _item(text: str) -> dict:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 5:
        raise InvalidInput("--item", "“{text}” 应写成 名称|登记证号|地点|数量|封条编号（没有的写空）", text=text)
    return dict(zip(("name", "registration_no", "location", "quantity", "seals"), parts, strict=True))


def run_list(args: argparse.Namespace) -> int:
    from export.issue import document_rows

    with Workspace.open(args.workspace or default_workspace()) as ws:
        rows = document_rows(ws, inspection_id=args.inspection)
    if not rows:
        print("尚未出具文书 / no documents issued")
        return 0
    for row in rows:
        d = row.document
        mark = f"  [已被 {row.superseded_by} 取代 / superseded]" if row.superseded else ""
        print(f"{d.number}\t{row.label}\t{d.issued_at[:16].replace('T', ' ')}\t{row.unit}\t{d.inspection_id}{mark}")
    return 0
