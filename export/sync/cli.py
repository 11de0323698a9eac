"""Command-line commands: sync (bundles, devices) and pack (headquarters <-> field)."""
from __future__ import annotations

import argparse
from pathlib import Path

from storage.cli import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's commands to the main parser."""
    _register_sync(sub)
    _register_pack(sub)


def _register_sync(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="数据同步：现场与局机关之间的同步文件 / field <-> headquarters bundles")
    actions = sync.add_subparsers(dest="sync_command", metavar="<action>", required=True)
    exp = actions.add_parser("export", help="写出尚未发送给局机关的数据 / write what is not yet sent to headquarters")
    exp.add_argument("--out", type=Path, metavar="FILE",
                     help="写出的数据包（默认 当天日期.scbundle）/ the bundle file to write "
                          "(default DATE.scbundle)")
    exp.add_argument("--all", action="store_true", help="全部数据，而不只是新增的 / everything, not only what is new")
    exp.add_argument("--to", default="hq", metavar="NAME",
                     help="接收方名称（默认 hq）/ destination name (default hq)")
    exp.set_defaults(func=run_export)
    imp = actions.add_parser("import", help="校验并合并同步文件（局机关）/ verify and merge bundles (headquarters)")
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE",
                     help="数据包（.scbundle，旧版为 .sitecheck）/ bundle file(s) (.scbundle; older: .sitecheck)")
    imp.add_argument("--trust", action="store_true",
                     help="确认尚未登记的设备（请先核对密钥指纹）/ confirm devices not registered yet "
                          "(check the fingerprint first)")
    imp.add_argument("--max-size", default="2G", metavar="SIZE",
                     help="拒收更大的文件（默认 2G）/ refuse larger files (default 2G)")
    imp.set_defaults(func=run_import)
    card = actions.add_parser("device-card",
                              help="写出本机设备卡，交局机关登记 / write this device's card for headquarters")
    card.add_argument("--out", type=Path, required=True, metavar="FILE",
                      help="写出的设备卡文件 / the card file to write")
    card.add_argument("--name", help="本机名称（如执法人员姓名）/ name this device (e.g. the inspector's name)")
    card.set_defaults(func=run_device_card)
    trust = actions.add_parser("trust",
                               help="凭设备卡登记设备（局机关）/ register a device from its card (headquarters)")
    trust.add_argument("card", type=Path, metavar="CARD", help="设备卡文件 / the device card")
    trust.set_defaults(func=run_trust)
    devices = actions.add_parser("devices", help="列出已知设备及密钥指纹 / list known devices and key fingerprints")
    devices.set_defaults(func=run_devices)


def _register_pack(sub: argparse._SubParsersAction) -> None:
    pack = sub.add_parser("pack", help="局机关下发包：检查表、名录、文号段 / headquarters -> field pack")
    actions = pack.add_subparsers(dest="pack_command", metavar="<action>", required=True)
    exp = actions.add_parser("export", help="写出检查表、名录和文号段 / write checklists, registries and number blocks")
    exp.add_argument("--out", type=Path, metavar="FILE",
                     help="写出的下发包（默认 局机关下发包-当天日期.scpack）/ the pack file to write "
                          "(default PACK-DATE.scpack, PACK being the Chinese for headquarters pack)")
    exp.set_defaults(func=run_pack_export)
    imp = actions.add_parser("import", help="校验并安装下发包（现场电脑）/ verify and install a pack (laptop)")
    imp.add_argument("file", type=Path, metavar="FILE",
                     help="下发包（.scpack，旧版为 .sitecheck）/ the pack file (.scpack; older: .sitecheck)")
    imp.add_argument("--trust", action="store_true",
                     help="首次导入时确认局机关的密钥 / confirm headquarters' key the first time")
    imp.add_argument("--max-size", default="2G", metavar="SIZE",
                     help="拒收更大的文件（默认 2G）/ refuse larger files (default 2G)")
    imp.set_defaults(func=run_pack_import)
    block = actions.add_parser("assign-block",
                               help="给设备分配一段文书编号 / give a device a block of document numbers")
    block.add_argument("--device", required=True, metavar="DEVICE_ID",
                       help="设备 ID（见 sync devices）/ the device (see sync devices)")
    block.add_argument("--series", required=True, help="文号系列 / number series")
    block.add_argument("--year", type=int, required=True, help="年份 / year")
    block.add_argument("--first", type=int, required=True, help="起始编号 / first number")
    block.add_argument("--last", type=int, required=True, help="截止编号 / last number")
    block.set_defaults(func=run_assign_block)
    from export.verify_cli import register_pack

    register_pack(actions)


def run_export(args: argparse.Namespace) -> int:
    from .bundle import export_bundle
    from .container import BUNDLE_SUFFIX

    with open_workspace(args) as ws:
        out = args.out or Path(ws.today().isoformat() + BUNDLE_SUFFIX)
        result = export_bundle(ws, out, destination=args.to, everything=args.all)
    print(result.summary())
    return 0


def run_import(args: argparse.Namespace) -> int:
    from storage.hq.cli import pg_url
    from storage.sync.merging import checkpoint

    from .bundle import import_bundles
    from .container import parse_size

    if url := pg_url(args):
        return _import_to_postgres(args, url)
    with open_workspace(args) as ws:
        reports = import_bundles(ws, args.files, trust=args.trust, max_size=parse_size(args.max_size),
                                 checkpoint=False, waiting=_tell_waiting)
        _print_reports(args.files, reports)
        checkpoint(ws)          # the import is durable already; this tidies the WAL away
    return 0


def _import_to_postgres(args: argparse.Namespace, url: str) -> int:
    from storage.hq import open_hq

    from .container import parse_size
    from .hq import import_to_hq

    with open_hq(url) as hq:
        reports = import_to_hq(hq, args.files, trust=args.trust, max_size=parse_size(args.max_size),
                               waiting=_tell_waiting)
    _print_reports(args.files, reports)
    return 0


def _print_reports(files: list[Path], reports: list) -> None:
    for path, report in zip(files, reports):
        print(f"{path.name}：设备「{report.device_name}」（{report.device_id}）"
              + ("，新登记" if report.new_device else "") + f" — {report.summary()}", flush=True)
        for conflict in report.conflicts:
            print(f"  {conflict}", flush=True)


def _tell_waiting(message) -> None:
    """Another import holds the workspace: say so (Chinese / English, as the help) and wait."""
    import sys

    print(f"sitecheck: {message} / {message.render('en')}", file=sys.stderr, flush=True)


def run_device_card(args: argparse.Namespace) -> int:
    from storage.sync.devices import set_device_name

    from .bundle import write_device_card

    with open_workspace(args) as ws:
        if args.name:
            set_device_name(ws, args.name)
        me = write_device_card(ws, args.out)
    print(f"已写出设备卡 {args.out}：设备「{me.name}」{me.id}，密钥指纹 {me.fingerprint}")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from .bundle import trust_device_card

    with open_workspace(args) as ws:
        info = trust_device_card(ws, args.card)
    print(f"已登记设备「{info.name}」{info.id}，密钥指纹 {info.fingerprint}")
    return 0


def run_devices(args: argparse.Namespace) -> int:
    from storage.sync.devices import devices, ensure_device_key

    with open_workspace(args) as ws:
        ensure_device_key(ws)
        for d in devices(ws):
            role = "本机" if d.is_self else ("已信任" if d.trusted else "未信任")
            print(f"{d.id}  {role}  {d.fingerprint}  {d.name}")
    return 0


def run_pack_export(args: argparse.Namespace) -> int:
    """The pack from the issuing desk's workspace (``--workspace``); with a PostgreSQL
    headquarters (``--hq URL``, else SITECHECK_HQ_URL) its registries are united with
    the database's (docs/headquarters.md, Packs and the signing key)."""
    from .container import PACK_SUFFIX, sync_file_path
    from .pack import export_pack

    url = _pack_hq_url(args)
    with _desk_workspace(args, url) as ws:
        out = sync_file_path(args.out or f"局机关下发包-{ws.today().isoformat()}{PACK_SUFFIX}", "pack")
        manifest = export_pack(ws, out, hq_url=url)
    counts = manifest["counts"]
    from_hq = ("" if url is None else f"（其中来自局机关数据库：企业 {counts['enterprise_from_hq']}，"
               f"设备 {counts['equipment_from_hq']}）")
    print(f"已导出下发包 {out}：检查表 {counts['checklist']}，企业 {counts['enterprise']}，"
          f"设备 {counts['equipment']}，编号段 {counts['number_block']}{from_hq}")
    return 0


def _pack_hq_url(args: argparse.Namespace) -> str | None:
    """The PostgreSQL headquarters a pack's registries come from: ``--hq URL``; without
    ``--hq``, SITECHECK_HQ_URL even beside ``--workspace`` (which names the desk here, not
    the headquarters: a pack without the field's registries must not pass unnoticed)."""
    import os

    from storage.hq import ENV, is_url

    where = getattr(args, "hq", None) or os.environ.get(ENV)
    return where if is_url(where) else None


def _desk_workspace(args: argparse.Namespace, url: str | None):
    """The desk's workspace: ``--workspace`` (or ``--hq FILE``), else the default one."""
    if url is not None and getattr(args, "hq", None) == url:
        args = argparse.Namespace(**{**vars(args), "hq": None})
    return open_workspace(args)


def run_pack_import(args: argparse.Namespace) -> int:
    from .container import parse_size
    from .pack import import_pack

    with open_workspace(args) as ws:
        report = import_pack(ws, args.file, trust=args.trust, max_size=parse_size(args.max_size))
    print(f"{args.file.name}：来自「{report.device_name}」 — {report.summary()}")
    return 0


def run_assign_block(args: argparse.Namespace) -> int:
    from storage.sync.packs import assign_block

    with open_workspace(args) as ws:
        block = assign_block(ws, args.device, args.series, args.year, args.first, args.last)
    print(f"已分配：设备 {block['device_id']} {block['year']}年「{block['series']}」"
          f"{block['first']}-{block['last']}（随下一个下发包生效）")
    return 0
