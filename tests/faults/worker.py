"""A process that does one kind of work over and over, for the SIGKILL tests.

    python -m tests.faults.worker OPERATION WORKSPACE [ARG ...]

After each write returns it prints ``ok <what>`` and flushes: whatever it
printed was committed, and must survive the kill that ends it.
"""
from __future__ import annotations

import random
import sys
from itertools import count
from pathlib import Path

from storage.workspace import Workspace


def edit(ws: Workspace, _args: list[str]) -> None:
    for n in count():
        ent = ws.add_enterprise(name=f"杭州瑞丰食品有限公司{n}", address="杭州市西湖区文三路 1 号")
        ws.update_enterprise(ent.id, contact=f"王{n}")
        print("ok", ent.id, flush=True)


def photo(ws: Workspace, args: list[str]) -> None:
    from storage.demo import sample_photo

    rng = random.Random(int(args[1]))
    for n in count():
        stored = ws.add_photo(args[0], sample_photo(rng, f"P{n}"), name=f"IMG_{n}.jpg")
        print("ok", stored.id, flush=True)


def document(ws: Workspace, args: list[str]) -> None:
    from export import issue

    doc = issue.issue_record(ws, args[0], photos=False)
    print("ok", doc.id, flush=True)
    while True:
        doc = issue.reissue(ws, doc.id)
        print("ok", doc.id, flush=True)


def export(ws: Workspace, args: list[str]) -> None:
    from export.sync.bundle import export_bundle

    folder = Path(args[0])
    for n in count():
        done = export_bundle(ws, folder / f"b{n}.scbundle", everything=True)
        print("ok", done.path, flush=True)


def import_(ws: Workspace, args: list[str]) -> None:
    from export.sync.bundle import import_bundles

    for name in args:
        for report in import_bundles(ws, [name], trust=True):
            print("ok", report.bundle_id, flush=True)
    print("done", flush=True)


OPERATIONS = {"edit": edit, "photo": photo, "document": document, "export": export,
              "import": import_}

if __name__ == "__main__":
    operation, workspace, *rest = sys.argv[1:]
    with Workspace.open(workspace) as opened:
        OPERATIONS[operation](opened, rest)
