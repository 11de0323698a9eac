"""Commands of signed documents: ``documents verify``, ``documents trust-file``,
``documents verify-page`` and, at headquarters, ``pack certify``, ``pack revoke``, ``pack certs``.
"""
from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path

from checklists.common.errors import InvalidInput

PAGE = Path(__file__).resolve().parent.parent / "assets" / "verify" / "verify.html"
TRUST_SLOT = '<script id="trust" type="application/json">{}</script>'


def register(actions: argparse._SubParsersAction) -> None:
    """The ``documents`` actions."""
    check = actions.add_parser("verify", help="核验签名文书（PDF 或纸面二维码）/ verify a signed document "
                                              "(its PDF or the QR code of a paper copy)")
    check.add_argument("file", nargs="?", type=Path, metavar="FILE.pdf", help="文书 PDF / the document's PDF")
    check.add_argument("--qr", metavar="TEXT", help="扫描纸面二维码得到的文字 / the text of the QR code scanned")
    check.add_argument("--trust", type=Path, metavar="KEYFILE",
                       help="局机关的信任文件（documents trust-file）；缺省用工作区的密钥 / headquarters' trust "
                            "file; default: the keys of the workspace")
    check.set_defaults(func=run_verify)
    trust = actions.add_parser("trust-file", help="写出信任文件：局机关公钥、设备证书、吊销名单 / write the "
                                                  "trust file: department keys, certificates, revocations")
    trust.add_argument("--out", type=Path, required=True, metavar="FILE.json", help="写出的文件 / file to write")
    trust.set_defaults(func=run_trust_file)
    page = actions.add_parser("verify-page", help="写出内置信任文件的离线核验网页 / write the offline "
                                                  "verification page with the trust file built in")
    page.add_argument("--out", type=Path, required=True, metavar="FILE.html", help="写出的网页 / page to write")
    page.set_defaults(func=run_verify_page)
    cert = actions.add_parser("pades", help="设置部门的 PDF 签名证书（PKCS#12，可选）/ set the department's PDF "
                                            "signing certificate (PKCS#12, optional)")
    cert.add_argument("p12", nargs="?", type=Path, metavar="FILE.p12",
                      help="证书文件（口令放在 SITECHECK_PADES_PASSPHRASE 中）/ the certificate file "
                           "(passphrase in SITECHECK_PADES_PASSPHRASE)")
    cert.add_argument("--off", action="store_true", help="不再做 PDF 签名 / stop signing PDFs so")
    cert.set_defaults(func=run_pades)


def register_pack(actions: argparse._SubParsersAction) -> None:
    """The ``pack`` actions of headquarters' department key."""
    cert = actions.add_parser("certify", help="为设备签发证书（随下一个下发包生效）/ certify a device "
                                              "(travels in the next pack)")
    cert.add_argument("--device", required=True, metavar="DEVICE_ID", help="设备 ID（见 sync devices）/ the device")
    cert.add_argument("--inspector", action="append", default=[], required=True, metavar="NAME",
                      help="使用该设备的执法人员，可重复 / an inspector using the device; repeatable")
    cert.add_argument("--from", dest="since", metavar="YYYY-MM-DD",
                      help="生效日（默认今天）/ first day (default today)")
    cert.add_argument("--until", required=True, metavar="YYYY-MM-DD", help="截止日 / last day")
    cert.set_defaults(func=run_certify)
    revoke = actions.add_parser("revoke", help="吊销设备证书 / revoke a device certificate")
    revoke.add_argument("cert", metavar="CERT_ID", help="证书编号（见 pack certs）/ the certificate")
    revoke.add_argument("--from", dest="since", metavar="YYYY-MM-DD",
                        help="自该日起签发的文书无效（默认今天）/ documents dated from this day are refused "
                             "(default today)")
    revoke.add_argument("--reason", required=True, help="吊销理由 / why")
    revoke.set_defaults(func=run_revoke)
    listing = actions.add_parser("certs", help="列出设备证书 / list device certificates")
    listing.set_defaults(func=run_certs)


def _day(value: str | None, field: str, ws) -> date:
    if not value:
        return ws.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "日期无效：{value}", hint="请按 2026-12-31 的格式填写", value=value) from None


def run_verify(args: argparse.Namespace) -> int:
    from . import verify

    if bool(args.file) == bool(args.qr):
        raise InvalidInput("核验对象", "请给出一个 PDF 文件或 --qr 文字（二者之一）",
                           hint="如 documents verify 文书.pdf")
    if args.trust and not args.workspace:
        return _report(args, verify.load_trust(args.trust))
    from storage.cli import open_workspace

    with open_workspace(args) as ws:
        trust = verify.Trust.of_workspace(ws)
        if args.trust:
            own = verify.load_trust(args.trust)
            trust.keys, trust.certs = own.keys, {**trust.certs, **own.certs}
            trust.revoked, trust.departments = {**trust.revoked, **own.revoked}, own.departments
        return _report(args, trust)


def _report(args: argparse.Namespace, trust) -> int:
    from . import verify

    result = verify.verify_pdf(args.file, trust) if args.file else verify.verify_qr(args.qr, trust)
    print("真实且未被改动 / authentic and unchanged" if args.file else
          "签名有效；请核对纸面文书与下列内容一致 / signature valid; the paper must say:")
    for line in verify.describe(result, trust):
        print(line)
    return 0


def run_trust_file(args: argparse.Namespace) -> int:
    from storage.cli import open_workspace

    from . import verify

    with open_workspace(args) as ws:
        data = verify.Trust.of_workspace(ws).to_json()
    _write(args.out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"已写出信任文件：{len(data['keys'])} 个局机关密钥，{len(data['certs'])} 张证书，"
          f"{len(data['revoked'])} 项吊销 -> {args.out}")
    return 0


def verify_page(trust: dict) -> str:
    """The static verification page with ``trust`` built in."""
    text = json.dumps(trust, ensure_ascii=False).replace("</", "<\\/")
    return PAGE.read_text(encoding="utf-8").replace(TRUST_SLOT, TRUST_SLOT.replace("{}", text), 1)


def run_verify_page(args: argparse.Namespace) -> int:
    from storage.cli import open_workspace

    from . import verify

    with open_workspace(args) as ws:
        page = verify_page(verify.Trust.of_workspace(ws).to_json())
    _write(args.out, page)
    print(f"已写出离线核验网页 -> {args.out}")
    return 0


def _write(path: Path, text: str) -> None:
    from storage.files import atomic_write

    atomic_write(Path(path), lambda fh: fh.write(text.encode("utf-8")), doing="写入文件")


def run_certify(args: argparse.Namespace) -> int:
    from storage import certs
    from storage.cli import open_workspace

    with open_workspace(args) as ws:
        cert = certs.certify(ws, args.device, inspectors=args.inspector,
                             not_before=_day(args.since, "生效日", ws), not_after=_day(args.until, "截止日", ws),
                             passphrase=os.environ.get(certs.PASSPHRASE_ENV) or None)
    b = cert.body
    print(f"已签发设备证书 {cert.id}：{b['device_name']}（{b['device_id']}），{'、'.join(b['inspectors'])}，"
          f"{b['not_before']} 至 {b['not_after']}（随下一个下发包生效）")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from storage import certs
    from storage.cli import open_workspace

    with open_workspace(args) as ws:
        row = certs.revoke(ws, args.cert, effective=_day(args.since, "吊销日", ws), reason=args.reason)
    print(f"已吊销证书 {row['cert_id']}：自 {row['effective']} 起签发的文书无效（随下一个下发包生效）")
    return 0


def run_certs(args: argparse.Namespace) -> int:
    from storage import certs
    from storage.cli import open_workspace

    with open_workspace(args) as ws:
        revoked = certs.revocations(ws)
        for cert in certs.certificates(ws):
            b, gone = cert.body, revoked.get(cert.id)
            state = f"自 {gone['effective']} 起吊销：{gone['reason']}" if gone else "有效"
            print(f"{cert.id}  {b['device_name']}  {'、'.join(b['inspectors'])}  "
                  f"{b['not_before']} 至 {b['not_after']}  {state}")
    return 0


def run_pades(args: argparse.Namespace) -> int:
    """Set (after a test signature, so a wrong file or passphrase shows now) or clear ``pades_p12``."""
    from . import pades

    if bool(args.p12) == bool(args.off):
        raise InvalidInput("PDF 签名证书", "请给出证书文件或 --off（二者之一）", hint="如 documents pades 部门证书.p12")
    from storage.cli import open_workspace

    with open_workspace(args) as ws:
        if args.off:
            ws.set_settings({pades.SETTING: None})
            print("已取消 PDF 签名 / PDF signing off")
            return 0
        path = args.p12.resolve()
        pades.check(path, os.environ.get(pades.PASSPHRASE_ENV) or None)
        ws.set_settings({pades.SETTING: str(path)})
    print(f"此后出具的文书将带有 PDF 签名：{path} / documents issued from now on carry a PDF signature")
    return 0
