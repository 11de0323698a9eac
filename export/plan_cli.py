"""Command-line commands of the annual plan and its 双随机 draw (headquarters).

``plan create``, ``plan list``, ``plan conflict add``, ``plan draw inputs`` (the
hashes to publish before the draw), ``plan draw run``, ``plan draw export`` and
``plan draw verify FILE`` (anyone: recompute a published record).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checklists.common.vocabulary import Family, RiskColour
from storage.cli import open_workspace, positive_int


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def register(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan", help="年度检查计划与双随机抽取 / the annual plan and the random draw")
    actions = plan.add_subparsers(dest="plan_command", metavar="<action>", required=True)
    create = actions.add_parser("create", help="新建年度计划（执法人员取自设置）/ a new plan "
                                               "(inspectors from the settings)")
    create.add_argument("--title", required=True, help="计划名称 / title")
    create.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="计划开始日期 / first day")
    create.add_argument("--end", required=True, metavar="YYYY-MM-DD", help="计划结束日期 / last day")
    create.add_argument("--ratio", required=True, type=positive_int, metavar="PERCENT",
                        help="每个区域、行业中随机抽查的比例（%%）/ share drawn of each stratum")
    create.add_argument("--key", type=_listed, default=[], metavar="red,orange",
                        help="全部检查的风险等级：" + "，".join(f"{c} {c.label_zh}" for c in RiskColour)
                             + " / risk colours always covered")
    create.add_argument("--team", type=positive_int, default=2, help="每组执法人员数（默认 2）/ team size")
    create.add_argument("--district", type=_listed, default=[], help="只含这些区域（逗号分隔）/ districts")
    create.add_argument("--industry", type=_listed, default=[], help="只含这些行业（逗号分隔）/ industries")
    create.add_argument("--family", choices=[str(f) for f in Family], default=str(Family.EMS),
                        help="以哪个执法部门的名义公示 / whose department publishes")
    create.set_defaults(func=run_create)
    actions.add_parser("list", help="列出计划及进度 / plans and their progress").set_defaults(func=run_list)
    conflict = actions.add_parser("conflict", help="执法人员的回避声明 / declared conflicts")
    conflict.add_argument("cert_no", help="执法证号 / certificate number")
    conflict.add_argument("enterprise_id", help="企业 ID / enterprise id")
    conflict.add_argument("--reason", required=True, help="回避理由 / reason")
    conflict.set_defaults(func=run_conflict)
    _register_draw(actions)


def _register_draw(actions: argparse._SubParsersAction) -> None:
    draw = actions.add_parser("draw", help="双随机抽取 / the random draw")
    steps = draw.add_subparsers(dest="draw_command", metavar="<step>", required=True)
    for name, text, func in (("inputs", "抽取前应公示的名单哈希与种子 / the hashes to publish first",
                              run_inputs),
                             ("run", "抽取并保存结果 / draw and store", run_draw)):
        step = steps.add_parser(name, help=text)
        step.add_argument("plan_id", help="计划 ID / plan id")
        step.add_argument("--public-value", required=True,
                          help="抽取前无法预知的公开值，如指定日期的股票指数收盘价 / a public value "
                               "nobody knew in advance")
        step.add_argument("--date", metavar="YYYY-MM-DD", help="抽取日期（默认今天）/ draw date")
        step.set_defaults(func=func)
        if name == "run":
            step.add_argument("--by", required=True, help="抽取人 / who draws")
            step.add_argument("--out", type=Path, help="抽取记录 .json / the record file")
            step.add_argument("--pdf", type=Path, help="公示 PDF / the publication PDF")
    export = steps.add_parser("export", help="导出已抽取的记录与公示 PDF / write a draw's files")
    export.add_argument("plan_id", help="计划 ID / plan id")
    export.add_argument("--out", type=Path, help="抽取记录 .json / the record file")
    export.add_argument("--pdf", type=Path, help="公示 PDF / the publication PDF")
    export.set_defaults(func=run_export)
    verify = steps.add_parser("verify", help="按记录中的输入重算抽取，报告是否一致 / recompute a "
                                             "published record and compare")
    verify.add_argument("file", type=Path, metavar="FILE", help="抽取记录 .json / the record file")
    verify.set_defaults(func=run_verify)


def run_create(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        plan = ws.create_plan(title=args.title, period_start=args.start, period_end=args.end,
                              ratio_percent=args.ratio, key_colours=args.key, team_size=args.team,
                              districts=args.district, industries=args.industry, family=args.family)
    print(f"已新建计划 {plan.id}：{plan.title} / plan created")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        rows = [(p, ws.plan_draw(p.id), ws.plan_progress(p.id)) for p in ws.plans()]
    if not rows:
        print("没有计划 / no plans")
    for plan, drawn, done in rows:
        state = f"已抽取 {drawn['draw_date']}" if drawn else "未抽取"
        print(f"{plan.id}\t{plan.title}\t{plan.period_start}—{plan.period_end}\t{state}\t"
              f"完成 {done.done}/{done.total}")
    return 0


def run_conflict(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        ws.declare_conflict(args.cert_no, args.enterprise_id, args.reason)
    print("已登记回避声明 / conflict declared")
    return 0


def run_inputs(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        given = ws.draw_inputs(args.plan_id, args.date or ws.today(), args.public_value)
    for key, value in given.hashes().items():
        print(f"{key}\t{value}")
    print(f"candidates\t{len(given.candidates)}\ninspectors\t{len(given.inspectors)}")
    print(f"seed\t{given.seed()}")
    return 0


def run_draw(args: argparse.Namespace) -> int:
    from .draw import write_draw

    with open_workspace(args) as ws:
        result = ws.run_draw(args.plan_id, draw_date=args.date or ws.today(),
                             public_value=args.public_value, drawn_by=args.by)
        write_draw(ws, args.plan_id, args.out, args.pdf)
    print(f"已抽取 {len(result.tasks)} 项任务，种子 {result.record['seed']} / drawn")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from .draw import write_draw

    with open_workspace(args) as ws:
        write_draw(ws, args.plan_id, args.out, args.pdf)
    print("已导出 / written")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from .draw import read_record, summary, verify_file

    problems = verify_file(args.file)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"抽取记录与重算结果不一致：{len(problems)} 处 / the record does not match",
              file=sys.stderr)
        return 1
    print(f"抽取记录与重算结果一致：{summary(read_record(args.file))} / the record matches")
    return 0
