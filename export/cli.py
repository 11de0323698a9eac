"""Command-line commands of the export package (registered by main.py).

Each area keeps its commands in its own module: demo data, documents, the enterprise file,
the ledger, the plan and its draw, reports, sync and packs.
"""
from __future__ import annotations

import argparse

from . import demo_cli, documents_cli, dossier_cli, ledger_cli, plan_cli, reports_cli
from .sync import cli as sync_cli


def register(sub: argparse._SubParsersAction) -> None:
    demo_cli.register(sub)
    documents_cli.register(sub)
    dossier_cli.register(sub)
    ledger_cli.register(sub)
    plan_cli.register(sub)
    reports_cli.register(sub)
    sync_cli.register(sub)
