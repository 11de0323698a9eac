"""Verifying a signed document: its PDF, or the QR text of a paper copy (docs/verification.md).

The chain: a trusted department key (a trust file, ``--trust``, or the keys a
workspace holds) signed the device certificate; the certificate's key signed
the statement; the statement names the document and the digest of its data.
For a PDF the data travels in the file: its digest must match, and the text on
the pages must say what the data says.  What the verifier knows besides (the
workspace's ledger) adds: revoked certificates, superseded documents, and the
findings a paper copy must list.

Each refusal raises ``NotAuthentic`` with its own ``reason`` (REASONS).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from checklists.common.errors import NotAuthentic
from checklists.common.messages import Msg
from storage import certs, issued
from storage.workspace import Workspace

from . import signing
from .signing import Statement

REASONS = ("malformed_qr", "not_signed", "truncated", "tampered_content", "tampered_text", "bad_signature",
           "no_certificate", "untrusted", "expired", "revoked", "superseded", "ledger_mismatch", "no_trust")
TRUST_FORMAT = "sitecheck-trust"
TEXT_FIELDS = {"RecordDoc", "OrderDoc", "ReviewDoc", "MeasureDoc", "SeizureDoc", "ReleaseDoc"}


@dataclass
class Trust:
    """What a verifier trusts and knows: department keys (id -> raw public key),
    certificates and revocations by id, and the ledger when a workspace is open."""

    keys: dict[str, bytes]
    certs: dict[str, dict] = field(default_factory=dict)
    revoked: dict[str, dict] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    ws: Workspace | None = None

    @classmethod
    def of_workspace(cls, ws: Workspace) -> Trust:
        keys = certs.hq_keys(ws)
        return cls({k.id: k.public_key for k in keys}, {c.id: c.to_json() for c in certs.certificates(ws)},
                   certs.revocations(ws), {k.id: k.department for k in keys}, ws)

    def to_json(self) -> dict[str, Any]:
        """The trust file (``documents trust-file``) and what the HTML verifier embeds."""
        return {"format": TRUST_FORMAT, "v": 1,
                "keys": [{"id": i, "public_key": k.hex(), "department": self.departments.get(i, "")}
                         for i, k in sorted(self.keys.items())],
                "certs": [self.certs[i] for i in sorted(self.certs)],
                "revoked": [self.revoked[i] for i in sorted(self.revoked)]}


def load_trust(path: Path) -> Trust:
    """A trust file: refused when it is not one (its certificates are checked when used)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != TRUST_FORMAT:
            raise ValueError(path)
        keys = {k["id"]: bytes.fromhex(k["public_key"]) for k in data["keys"]}
        if any(certs.key_id(v) != i for i, v in keys.items()):
            raise ValueError(path)
        return Trust(keys, {c["body"]["id"]: c for c in data.get("certs", [])},
                     {r["cert_id"]: r for r in data.get("revoked", [])},
                     {k["id"]: k.get("department", "") for k in data["keys"]})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise NotAuthentic("信任文件 {file} 无法读取", reason="no_trust", file=Path(path).name,
                           hint="请使用局机关用 documents trust-file 导出的文件") from None


@dataclass(frozen=True)
class Verified:
    statement: Statement
    cert: dict[str, Any]
    department_key: str
    findings: tuple[str, ...] | None = None    # None: not known (QR without the ledger)


# ---------------------------------------------------------------- the chain

def check_statement(statement: Statement, signature: bytes, trust: Trust,
                    chain: dict[str, dict] | None = None) -> dict[str, Any]:
    """The certificate body, once the statement's chain to a trusted key holds."""
    number, cert_id = statement.number, statement.cert_id
    if not trust.keys:
        raise NotAuthentic("没有受信任的局机关密钥，无法核验", reason="no_trust",
                           hint="用 --trust 给出局机关的信任文件，或在已导入局机关下发包的工作区中核验")
    cert = (chain or {}).get(statement.cert_id) or trust.certs.get(statement.cert_id)
    if cert is None:
        raise NotAuthentic("文书 {number} 的设备证书 {cert} 未知：签发设备未经局机关认证，或核验方缺少该证书",
                           reason="no_certificate", number=number, cert=cert_id,
                           hint="用 --trust 给出含该证书的信任文件，或先导入局机关下发包")
    problem = certs.cert_problem(cert, trust.keys)
    if problem:
        raise NotAuthentic("文书 {number} 的设备证书 {cert} 不是由受信任的局机关密钥签发",
                           reason="untrusted", number=number, cert=cert_id,
                           hint="文书可能被他人重新签名；请以局机关公布的密钥核验")
    body = cert["body"]
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(body["public_key"])).verify(
            signature, signing.signed_bytes(statement))
    except (InvalidSignature, ValueError):
        raise NotAuthentic("文书 {number} 的签名无效：签名后内容被改动，或不是证书所列设备所签",
                           reason="bad_signature", number=number, cert=cert_id,
                           hint="该文书不可信；请向出具部门核实") from None
    _check_dates(statement, body, trust)
    return body


def _check_dates(statement: Statement, body: dict, trust: Trust) -> None:
    day = statement.day.isoformat()
    if not body["not_before"] <= day <= body["not_after"]:
        raise NotAuthentic("文书 {number} 的日期 {day} 不在设备证书 {cert} 的有效期（{since} 至 {until}）内",
                           reason="expired", hint="证书已过期或尚未生效，该文书不可信；请向出具部门核实",
                           number=statement.number, day=day, cert=body["id"], since=body["not_before"],
                           until=body["not_after"])
    gone = trust.revoked.get(body["id"])
    if gone and gone["effective"] <= day:
        raise NotAuthentic("设备证书 {cert} 自 {effective} 起已吊销（{why}），文书 {number} 的日期为 {day}",
                           reason="revoked", hint="该设备自吊销之日起签发的文书无效；请向出具部门核实",
                           cert=body["id"], effective=gone["effective"], why=gone["reason"],
                           number=statement.number, day=day)


def _check_ledger(statement: Statement, trust: Trust) -> tuple[str, ...] | None:
    """Superseded or differing from the ledger's document of the same number: refused.
    The findings of the ledger's copy (None when the ledger does not know it)."""
    if trust.ws is None:
        return None
    entry = issued.by_number(trust.ws, statement.number)
    if entry is None:
        return None
    if bytes.fromhex(entry["content_hash"])[:signing.DIGEST_SIZE] != statement.content:
        raise NotAuthentic("文书 {number} 与台账中同一文号的文书内容不符", reason="ledger_mismatch",
                           hint="该文书不可信；请向出具部门核实", number=statement.number)
    if entry["superseded_by"]:
        raise NotAuthentic("文书 {number} 已被更正文书 {newer} 取代", reason="superseded",
                           hint="以更正后的文书为准", number=statement.number, newer=entry["superseded_by"])
    content = _info(entry["pdf"]).get(signing.INFO_CONTENT)
    return findings_of(json.loads(signing.unpack_info(content))) if content else None


# ---------------------------------------------------------------- QR text

def verify_qr(text: str, trust: Trust) -> Verified:
    try:
        statement, signature = signing.parse_qr(text)
    except ValueError:
        raise NotAuthentic("二维码内容不是 SiteCheck 签名文书的格式", reason="malformed_qr",
                           hint="请重新扫描，或核对抄录的文字是否完整") from None
    body = check_statement(statement, signature, trust)
    return Verified(statement, body, body["hq_key"], _check_ledger(statement, trust))


# ---------------------------------------------------------------- PDF

def _info(pdf: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    return {k: str(v) for k, v in (PdfReader(io.BytesIO(pdf)).metadata or {}).items()}


def _read_pdf(path: Path) -> tuple[dict[str, str], list[str]]:
    """The Info entries and each page's text; truncated or unreadable files refused."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    name = Path(path).name
    try:
        data = Path(path).read_bytes()
        if not data.rstrip().endswith(b"%%EOF"):
            raise ValueError(name)
        reader = PdfReader(io.BytesIO(data), strict=True)
        return {k: str(v) for k, v in (reader.metadata or {}).items()}, [p.extract_text() for p in reader.pages]
    except FileNotFoundError:
        raise NotAuthentic("找不到文件 {file}", reason="truncated", file=name, hint="请检查路径") from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise NotAuthentic("{file} 不完整或已损坏，无法读取", reason="truncated", file=name,
                           hint="文件被截断或改坏；请向出具部门索取完整的文件") from None


def verify_pdf(path: str | Path, trust: Trust) -> Verified:
    info, pages = _read_pdf(Path(path))
    name = Path(path).name
    try:
        statement, signature = signing.parse_qr(info[signing.INFO_STATEMENT])
        chain = json.loads(signing.unpack_info(info.get(signing.INFO_CHAIN, "")) or b"{}")
        chained = {c["body"]["id"]: c for c in chain.get("certs", [])}
        content = signing.unpack_info(info[signing.INFO_CONTENT])
    except (KeyError, ValueError, TypeError, AttributeError):
        raise NotAuthentic("{file} 中没有 SiteCheck 的签名声明", reason="not_signed", file=name,
                           hint="它不是本程序出具的签名文书，或签名信息已被删去") from None
    body = check_statement(statement, signature, trust, chained)
    data = _content(content, statement, name)
    _check_text(pages, data, statement, name)
    return Verified(statement, body, body["hq_key"], _check_ledger(statement, trust) or findings_of(data))


def _content(content: bytes, statement: Statement, name: str) -> dict[str, Any]:
    """The document's data, once its digest and its names agree with the statement."""
    digest = hashlib.sha256(content).digest()[:signing.DIGEST_SIZE]
    try:
        data = json.loads(content)
        fields = (data["data"]["number"], data["data"]["department"]["name"], data["data"]["unit"]["name"],
                  tuple(bytes.fromhex(s["strokes"]["sha256"])[:signing.DIGEST_SIZE]
                        for s in data["data"].get("signatures", ())))
    except (ValueError, KeyError, TypeError, AttributeError):
        fields = None
    expected = (statement.number, statement.department, statement.enterprise, statement.signatures)
    if digest != statement.content or fields != expected:
        raise NotAuthentic("{file} 中的文书数据与签名不符", reason="tampered_content", file=name,
                           hint="文件在签发后被改动；该文书不可信")
    return data


def printed_texts(data: dict[str, Any]) -> list[str]:
    """What the pages must show of the data: number, department, unit and, for the
    documents that list them, each finding.  (Inspectors are not among them: some
    documents print only their certificate numbers, the names being signed by hand.)"""
    d = data["data"]
    texts = [d["number"], d["department"]["name"]]
    if data["kind"] == "InterviewDoc":        # names the person questioned, not the unit
        texts.append((d.get("person") or {}).get("name", ""))
    else:
        texts.append(d["unit"]["name"])
    if data["kind"] in TEXT_FIELDS:
        texts += findings_of(data)
    return [t for t in texts if t]


def findings_of(data: dict[str, Any]) -> tuple[str, ...]:
    d = data["data"]
    return tuple(line["description"] for key in ("findings", "lines") for line in d.get(key) or ()
                 if isinstance(line, dict) and line.get("description"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_text(pages: list[str], data: dict[str, Any], statement: Statement, name: str) -> None:
    """Every printed value of the data on the pages (each page's footer, drawn last, cut
    off first: a finding running over a page reads whole)."""
    body = ""
    for n, page in enumerate(pages, 1):
        flat = _flat(page)
        end = flat.rfind(f"第{n}页共{len(pages)}页")
        body += flat[:end] if end >= 0 else flat
    for text in printed_texts(data):
        if _flat(text) not in body:
            raise NotAuthentic("{file} 页面上的文字与签名的内容不符：签名内容中的“{text}”不在页面上",
                               reason="tampered_text", file=name, text=text[:40],
                               hint="文件在签发后被改动；以出具部门存档为准")


def describe(result: Verified, trust: Trust) -> list[Msg]:
    """What a person compares with the paper: the signed fields, who signed, the findings."""
    s, c = result.statement, result.cert
    lines = [Msg("文书：{kind} {number}", kind=s.kind, number=s.number),
             Msg("出具部门：{department}", department=s.department),
             Msg("日期：{day}", day=s.day.isoformat()),
             Msg("被检查单位：{enterprise}", enterprise=s.enterprise),
             Msg("签发设备：{device}（执法人员：{inspectors}；证书 {cert}，有效期 {since} 至 {until}）",
                 device=c["device_name"], inspectors="、".join(c["inspectors"]), cert=c["id"],
                 since=c["not_before"], until=c["not_after"]),
             Msg("局机关密钥：{key}（{department}）", key=result.department_key,
                 department=trust.departments.get(result.department_key) or c["department"])]
    if result.findings is None:
        lines.append(Msg("隐患：核验方没有台账，无法列出；请核对纸面文书的其余内容"))
    else:
        lines.append(Msg("隐患 {count} 项：", count=len(result.findings)))
        lines += [Msg("  {n}. {text}", n=n, text=t) for n, t in enumerate(result.findings, 1)]
    return lines
