"""Headquarters' department key, the device certificates it issues and their revocations
(the SQL side of signed documents; see docs/verification.md).

* The department key (Ed25519) is made at headquarters on first need (the first
  certificate).  Its private half is stored as PKCS#8, encrypted with the
  passphrase when one is given at creation (the command line reads it from
  ``SITECHECK_HQ_PASSPHRASE``); every later use then needs the same passphrase.
  A device holds the public half only, received in the pack.
* A device certificate binds a device's own key to its id, name, inspectors and a
  validity (first and last day), signed by the department key over the
  certificate's canonical JSON (``signed_bytes``).
* A revocation names a certificate and the first day from which documents it signs
  are refused.  Certificates, revocations and the public key travel in the pack.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from checklists.common.errors import InvalidInput, NotFound, WorkspaceError

from . import setting_store

if TYPE_CHECKING:
    from .workspace import Workspace

# cryptography's serialization (PKCS#8, with its SSH and PEM readers: about 5 ms to import)
# is needed only for headquarters' own private key: ``ensure_hq_key`` and ``_private_key``
# import it.  A device signs with its raw Ed25519 key (storage/sync/devices.py) and never
# loads it.

CERT_CONTEXT = b"SiteCheck device certificate v1\0"
CERT_FIELDS = ("v", "id", "device_id", "device_name", "inspectors", "department", "public_key",
               "not_before", "not_after", "hq_key")
PASSPHRASE_ENV = "SITECHECK_HQ_PASSPHRASE"
HEX_KEY = re.compile(r"[0-9a-f]{64}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class HqKey:
    id: str
    public_key: bytes
    department: str


@dataclass(frozen=True)
class Certificate:
    body: dict[str, Any]
    signature: bytes

    @property
    def id(self) -> str:
        return self.body["id"]

    def to_json(self) -> dict[str, Any]:
        return {"body": self.body, "signature": self.signature.hex()}


def key_id(public_key: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw bytes."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_bytes(body: dict[str, Any]) -> bytes:
    """What headquarters signs for a certificate."""
    return CERT_CONTEXT + canonical(body)


# ---------------------------------------------------------------- the department key

def hq_keys(ws: Workspace) -> list[HqKey]:
    """The department keys this workspace trusts (its own at headquarters, the pack's on a device)."""
    return [HqKey(r[0], bytes(r[1]), r[2])
            for r in ws.execute("SELECT id, public_key, department FROM hq_key ORDER BY created_at, id")]


def _department_name(ws: Workspace) -> str:
    for family in ("ems", "samr"):
        name = str(setting_store.department(ws, family).get("name") or "").strip()
        if name:
            return name
    raise WorkspaceError("尚未设置执法部门，不能生成局机关签名密钥", hint="请先完成设置（部门名称）")


def ensure_hq_key(ws: Workspace, passphrase: str | None = None) -> HqKey:
    """Headquarters' signing key, made on first call (encrypted at rest with ``passphrase``)."""
    row = ws.execute("SELECT id FROM hq_key WHERE private_key IS NOT NULL").fetchone()
    if row is None:
        from cryptography.hazmat.primitives import serialization

        key = Ed25519PrivateKey.generate()
        encryption = (serialization.BestAvailableEncryption(passphrase.encode("utf-8")) if passphrase
                      else serialization.NoEncryption())
        private = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, encryption)
        public = key.public_key().public_bytes_raw()
        with ws.transaction():
            ws.execute("INSERT INTO hq_key (id, public_key, private_key, encrypted, department, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       [key_id(public), public, private, int(bool(passphrase)), _department_name(ws), ws.now()])
    return next(k for k in hq_keys(ws) if k.id == _own_key_row(ws)[0])


def _own_key_row(ws: Workspace) -> tuple:
    row = ws.execute("SELECT id, private_key, encrypted FROM hq_key WHERE private_key IS NOT NULL "
                     "ORDER BY created_at DESC LIMIT 1").fetchone()
    if row is None:
        raise NotFound("本工作区没有局机关签名密钥", hint="只有局机关的工作区能签发设备证书")
    return row


def _private_key(ws: Workspace, passphrase: str | None) -> Ed25519PrivateKey:
    _, private, encrypted = _own_key_row(ws)
    if encrypted and not passphrase:
        raise WorkspaceError("局机关签名密钥已加密保存，需要口令",
                             hint="请把创建密钥时的口令放在环境变量 SITECHECK_HQ_PASSPHRASE 中")
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_der_private_key(bytes(private), passphrase.encode("utf-8") if encrypted else None)
    except ValueError:
        raise WorkspaceError("局机关签名密钥的口令不对", hint="请使用创建密钥时的口令") from None
    assert isinstance(key, Ed25519PrivateKey)
    return key


# ---------------------------------------------------------------- certificates

def _cert(row: tuple) -> Certificate:
    return Certificate(json.loads(row[0]), bytes.fromhex(row[1]))


def certificates(ws: Workspace, device_id: str | None = None) -> list[Certificate]:
    where, params = ("WHERE device_id = ?", [device_id]) if device_id else ("", [])
    return [_cert(r) for r in ws.execute(f"SELECT body, signature FROM device_cert {where} "
                                         "ORDER BY issued_at, id", params)]


def certificate(ws: Workspace, cert_id: str) -> Certificate | None:
    row = ws.execute("SELECT body, signature FROM device_cert WHERE id = ?", [cert_id]).fetchone()
    return _cert(row) if row else None


def certify(ws: Workspace, device_id: str, *, inspectors: list[str], not_before: date, not_after: date,
            passphrase: str | None = None) -> Certificate:
    """Issue a certificate for a device headquarters trusts (its key came in its bundles)."""
    row = ws.execute("SELECT name, public_key FROM device WHERE id = ? AND trusted = 1 AND is_self = 0",
                     [device_id]).fetchone()
    if row is None or row[1] is None:
        raise NotFound("没有已登记的设备 {device}", hint="先导入该设备的数据包或设备卡（sync trust）",
                       device=device_id)
    names = [n.strip() for n in inspectors if n.strip()]
    if not names:
        raise InvalidInput("执法人员", "设备证书至少要列出一名执法人员", hint="用 --inspector 给出姓名")
    if not_after < not_before:
        raise InvalidInput("有效期", "截止日 {until} 早于起始日 {since}", hint="请改正有效期",
                           until=not_after.isoformat(), since=not_before.isoformat())
    hq = ensure_hq_key(ws, passphrase)
    key = _private_key(ws, passphrase)
    body = {"v": 1, "id": secrets.token_hex(8), "device_id": device_id, "device_name": row[0],
            "inspectors": names, "department": hq.department, "public_key": bytes(row[1]).hex(),
            "not_before": not_before.isoformat(), "not_after": not_after.isoformat(), "hq_key": hq.id}
    cert = Certificate(body, key.sign(signed_bytes(body)))
    store_certificate(ws, cert)
    return cert


def store_certificate(ws: Workspace, cert: Certificate) -> None:
    with ws.transaction():
        ws.execute("INSERT OR IGNORE INTO device_cert (id, device_id, body, signature, issued_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   [cert.id, cert.body["device_id"], canonical(cert.body).decode("utf-8"),
                    cert.signature.hex(), ws.now()])


def own_certificate(ws: Workspace, on: date) -> Certificate | None:
    """The certificate this device signs with on ``on``: its newest one valid that day
    and not revoked by then; failing that its newest one at all (expired or revoked:
    the verifier then names the reason); None when headquarters never certified it."""
    revoked = revocations(ws)
    mine = [c for c in certificates(ws, ws.device_id) if c.body["public_key"] == _own_public_key(ws)]
    day = on.isoformat()
    for cert in reversed(mine):
        gone = revoked.get(cert.id)
        if cert.body["not_before"] <= day <= cert.body["not_after"] and not (gone and gone["effective"] <= day):
            return cert
    return mine[-1] if mine else None


def _own_public_key(ws: Workspace) -> str:
    row = ws.execute("SELECT public_key FROM device WHERE id = ?", [ws.device_id]).fetchone()
    return bytes(row[0]).hex() if row and row[0] is not None else ""


# ---------------------------------------------------------------- revocations

def revoke(ws: Workspace, cert_id: str, *, effective: date, reason: str) -> dict[str, str]:
    """Revoke a certificate this headquarters issued from ``effective`` on."""
    if certificate(ws, cert_id) is None:
        raise NotFound("没有编号为 {cert} 的设备证书", hint="用 pack certs 查看证书编号", cert=cert_id)
    if not reason.strip():
        raise InvalidInput("吊销理由", "请写明吊销理由", hint="如：电脑遗失")
    row = {"cert_id": cert_id, "effective": effective.isoformat(), "reason": reason.strip(), "revoked_at": ws.now()}
    with ws.transaction():
        ws.execute("INSERT OR REPLACE INTO cert_revocation (cert_id, effective, reason, revoked_at) "
                   "VALUES (:cert_id, :effective, :reason, :revoked_at)", row)
    return row


def revocations(ws: Workspace) -> dict[str, dict[str, str]]:
    return {r[0]: {"cert_id": r[0], "effective": r[1], "reason": r[2], "revoked_at": r[3]}
            for r in ws.execute("SELECT cert_id, effective, reason, revoked_at FROM cert_revocation")}


# ---------------------------------------------------------------- checking

def cert_problem(cert: Any, keys: dict[str, bytes]) -> str | None:
    """Why ``cert`` (a Certificate or its JSON) is not a certificate signed by one of
    ``keys`` (key id -> raw public key); None when it is."""
    if isinstance(cert, dict):
        try:
            cert = Certificate(cert["body"], bytes.fromhex(cert["signature"]))
        except (KeyError, TypeError, ValueError):
            return "malformed"
    body = cert.body
    if not isinstance(body, dict) or sorted(body) != sorted(CERT_FIELDS) or body["v"] != 1 \
            or not all(isinstance(body[k], str) for k in CERT_FIELDS if k not in ("v", "inspectors")) \
            or not isinstance(body["inspectors"], list) or not all(isinstance(n, str) for n in body["inspectors"]):
        return "malformed"
    public = keys.get(body["hq_key"])
    if public is None:
        return "untrusted"
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(cert.signature, signed_bytes(body))
    except (InvalidSignature, ValueError):
        return "signature"
    return None


# ---------------------------------------------------------------- the pack

TRUST_COLUMNS = {"hq_key": ("id", "public_key", "department"),
                 "device_cert": ("id", "body", "signature"),
                 "cert_revocation": ("cert_id", "effective", "reason", "revoked_at")}


def pack_rows(ws: Workspace) -> dict[str, list[list[Any]]]:
    """What a pack carries, per table as rows of TRUST_COLUMNS: the public department
    keys, every certificate, every revocation."""
    revoked = sorted(revocations(ws).values(), key=lambda r: r["cert_id"])
    return {"hq_key": [[k.id, k.public_key.hex(), k.department] for k in hq_keys(ws)],
            "device_cert": [[c.id, canonical(c.body).decode("utf-8"), c.signature.hex()] for c in certificates(ws)],
            "cert_revocation": [[r[c] for c in TRUST_COLUMNS["cert_revocation"]] for r in revoked]}


def pack_problem(ws: Workspace, tables: dict[str, list[dict[str, Any]]]) -> str | None:
    """The first key, certificate or revocation of a pack that is not well formed or
    whose certificate is not signed by a department key (None: all fine)."""
    keys = {k.id: k.public_key for k in hq_keys(ws)}
    for k in tables.get("hq_key", []):
        if not all(isinstance(v, str) for v in k.values()) or not HEX_KEY.fullmatch(k["public_key"]) \
                or key_id(bytes.fromhex(k["public_key"])) != k["id"]:
            return f"hq_key {k.get('id')!r}"
        keys[k["id"]] = bytes.fromhex(k["public_key"])
    for c in tables.get("device_cert", []):
        try:
            cert = {"body": json.loads(c["body"]), "signature": c["signature"]}
        except (TypeError, ValueError):
            return f"device_cert {c.get('id')!r}"
        if cert_problem(cert, keys) or cert["body"]["id"] != c["id"]:
            return f"device_cert {c.get('id')!r}"
    for r in tables.get("cert_revocation", []):
        if not all(isinstance(v, str) for v in r.values()) or not DAY.fullmatch(r["effective"]):
            return f"cert_revocation {r.get('cert_id')!r}"
    return None


def install(ws: Workspace, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Install a checked pack's keys, certificates and revocations (in the caller's
    transaction); returns how many certificates were new."""
    for k in tables.get("hq_key", []):
        ws.execute("INSERT OR IGNORE INTO hq_key (id, public_key, department, created_at) VALUES (?, ?, ?, ?)",
                   [k["id"], bytes.fromhex(k["public_key"]), k["department"], ws.now()])
    before = ws.execute("SELECT count(*) FROM device_cert").fetchone()[0]
    for c in tables.get("device_cert", []):
        store_certificate(ws, Certificate(json.loads(c["body"]), bytes.fromhex(c["signature"])))
    for r in tables.get("cert_revocation", []):
        ws.execute("INSERT OR REPLACE INTO cert_revocation (cert_id, effective, reason, revoked_at) "
                   "VALUES (:cert_id, :effective, :reason, :revoked_at)", r)
    return ws.execute("SELECT count(*) FROM device_cert").fetchone()[0] - before
