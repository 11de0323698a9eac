"""``documents issue``: issue a document whose particulars are entered by the
inspector (送达回证, 询问笔录) from a JSON or YAML file, and write its PDF.

The file holds the same keys as the GUI's dialog (docs/documents.md lists them).
Each run issues a new document: an inspection may have several of these.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import DocumentKind
from storage.paths import default_workspace
from storage.workspace import Workspace

ISSUE_KINDS = ("service", "interview")


def register_issue(actions: argparse._SubParsersAction) -> None:
    cmd = actions.add_parser(
        "issue", help="按填写的事项出具文书（送达回证、询问笔录）并写出 PDF / issue a document from a "
                      "file of particulars (proof of service, interview record) and write its PDF")
    cmd.add_argument("inspection_id", metavar="INSPECTION_ID", help="检查 ID（见 inspections list）/ the inspection")
    cmd.add_argument("--kind", choices=ISSUE_KINDS, required=True,
                     help="文书种类：service 送达回证，interview 询问笔录 / the kind")
    cmd.add_argument("--particulars", type=Path, required=True, metavar="FILE.json|FILE.yaml",
                     help="填写的事项（JSON 或 YAML）/ the particulars, JSON or YAML")
    cmd.add_argument("--document", action="append", default=[], metavar="DOCUMENT",
                     help="送达回证：送达的文书（文书 ID 或文号），可重复 / service: a document served "
                          "(id or number); repeatable")
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="写出的 PDF 文件 / the PDF file")
    cmd.set_defaults(func=run_issue)


def read_particulars(path: Path) -> dict:
    """The particulars in ``path`` (YAML is a superset of JSON; both are read safely)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("--particulars", "无法读取 {path}（{error}）",
                           hint="请给出 UTF-8 编码的 JSON 或 YAML 文件", path=path, error=exc) from exc
    try:
        values = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidInput("--particulars", "{path} 不是有效的 JSON/YAML（{error}）", hint="请检查文件格式",
                           path=path, error=str(exc).splitlines()[0]) from exc
    if not isinstance(values, dict):
        raise InvalidInput("--particulars", "{path} 的内容应为“项目: 值”的映射", hint="见 docs/documents.md",
                           path=path)
    return values


def _document_ids(ws: Workspace, inspection_id: str, given: list[str]) -> list[str]:
    """Each ``--document`` as an id: an id or a number of one of the inspection's documents."""
    docs = ws.documents(inspection_id=inspection_id)
    ids = []
    for value in given:
        match = [d.id for d in docs if value.strip() in (d.id, d.number)]
        if not match:
            raise InvalidInput("--document", "本次检查没有文书“{value}”",
                               hint="请用 documents list --inspection 查看文书 ID 和文号", value=value)
        ids.append(match[0])
    return ids


def run_issue(args: argparse.Namespace) -> int:
    from export.documents_cli import _write_issued
    from export.interview import issue_interview
    from export.issue import KIND_LABELS
    from export.service import issue_service

    values = read_particulars(args.particulars)
    with Workspace.open(args.workspace or default_workspace()) as ws:
        if DocumentKind(args.kind) == DocumentKind.SERVICE:
            ids = _document_ids(ws, args.inspection_id, args.document)
            doc = issue_service(ws, args.inspection_id, ids, values)
        else:
            doc = issue_interview(ws, args.inspection_id, values)
        _write_issued(args.out, ws.document_pdf(doc.id), KIND_LABELS[doc.kind], doc.number)
    print(f"{KIND_LABELS[doc.kind]} {doc.number} 已出具 / issued -> {args.out}")
    return 0
