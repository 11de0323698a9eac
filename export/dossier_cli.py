"""``dossier``: print an enterprise file (一企一档) as a PDF."""
from __future__ import annotations

import argparse
from pathlib import Path

from storage.cli import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    dossier = sub.add_parser("dossier", help="企业档案（一企一档）PDF / an enterprise file as a PDF")
    dossier.add_argument("enterprise_id", help="企业 ID / enterprise id")
    dossier.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="输出文件 / output file")
    dossier.set_defaults(func=run_dossier)


def run_dossier(args: argparse.Namespace) -> int:
    from .dossier import write_dossier

    with open_workspace(args) as ws:
        score = ws.risk_score(args.enterprise_id)
        write_dossier(ws, args.enterprise_id, args.out)
    print(f"已生成企业档案 {args.out}（计算分值 {score.total}）/ written")
    return 0
