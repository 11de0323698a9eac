"""Device identity for sync: this device's Ed25519 key pair and the devices it trusts.

A workspace's own device (``device.is_self = 1``) gets a key pair on first use;
the raw 32-byte keys live in the ``device`` table.  Other devices are trusted
after explicit confirmation (``--trust``) or a device card; their public key is
stored and every later file they sign must carry the same key.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from checklists.common.errors import BundleRejected
from checklists.common.messages import Msg

from ..workspace import Workspace


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    name: str
    public_key: bytes | None
    trusted: bool
    is_self: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key or b"")


def fingerprint(public_key: bytes) -> str:
    """Short, readable key fingerprint to compare over the phone: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


def ensure_device_key(ws: Workspace) -> DeviceInfo:
    """This device, with its key pair created (once, on first call)."""
    row = ws.execute("SELECT public_key FROM device WHERE id = ?", [ws.device_id]).fetchone()
    if row[0] is None:
        key = Ed25519PrivateKey.generate()
        with ws.transaction():
            ws.execute("UPDATE device SET public_key = ?, private_key = ? WHERE id = ? "
                          "AND public_key IS NULL",
                          [key.public_key().public_bytes_raw(), key.private_bytes_raw(),
                           ws.device_id])
    return device(ws, ws.device_id)


def set_device_name(ws: Workspace, name: str) -> DeviceInfo:
    """Name this device (shown at headquarters, e.g. the inspector or the laptop)."""
    with ws.transaction():
        ws.execute("UPDATE device SET name = ? WHERE id = ?", [name.strip() or "本机", ws.device_id])
    return device(ws, ws.device_id)


def sign(ws: Workspace, data: bytes) -> bytes:
    ensure_device_key(ws)
    raw = ws.execute("SELECT private_key FROM device WHERE id = ?", [ws.device_id]).fetchone()[0]
    return Ed25519PrivateKey.from_private_bytes(bytes(raw)).sign(data)


def verify_signature(public_key: bytes, signature: bytes, data: bytes, what: str) -> None:
    """Raise BundleRejected unless ``signature`` is the key's signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        raise BundleRejected("{what}的签名无效：文件在签名后被修改，或签名不属于所列设备",
                             hint="请向发送方索取原始文件", what=Msg(what)) from None


def device(ws: Workspace, device_id: str) -> DeviceInfo | None:
    row = ws.execute("SELECT id, name, public_key, trusted, is_self FROM device WHERE id = ?",
                        [device_id]).fetchone()
    if row is None:
        return None
    return DeviceInfo(row[0], row[1], bytes(row[2]) if row[2] is not None else None,
                      bool(row[3]), bool(row[4]))


def devices(ws: Workspace) -> list[DeviceInfo]:
    ids = [r[0] for r in ws.execute("SELECT id FROM device ORDER BY is_self DESC, name")]
    return [device(ws, i) for i in ids]  # type: ignore[misc]


def check_trusted(ws: Workspace, device_id: str, name: str, public_key: bytes, *,
                  trust: bool, what: str) -> bool:
    """Raise unless the signer is trusted (or ``trust`` confirms it).  True if it is new."""
    return judge_signer(device(ws, device_id), device_id, name, public_key, trust=trust, what=what)


def judge_signer(known: Any, device_id: str, name: str, public_key: bytes, *, trust: bool, what: str) -> bool:
    """The trust rule on a signer against what the receiver knows of it (``known``: a
    ``DeviceInfo``-like record with ``is_self``, ``public_key``, ``trusted`` and
    ``fingerprint``, or None), on either headquarters engine.  True if it is new."""
    shown = Msg("「{name}」（{id}，密钥指纹 {fingerprint}）", name=name, id=device_id,
                fingerprint=fingerprint(public_key))
    if known and known.is_self:
        raise BundleRejected("{what}由本机签发，不能导入本机", hint="请在局机关的工作区中导入", what=Msg(what))
    if known and known.public_key and known.public_key != public_key:
        raise BundleRejected("{what}的签名密钥与已登记的设备{device}不符（已登记指纹 {known}）",
                             hint="文件可能被冒名签发；请与该设备核实", what=Msg(what), device=shown,
                             known=known.fingerprint)
    if known and known.trusted:
        return False
    if not trust:
        raise BundleRejected("未登记的设备{device}", device=shown,
                             hint="核对指纹后使用 --trust 导入，或先导入设备卡（sync trust CARD）")
    return True


def register_device(ws: Workspace, device_id: str, name: str, public_key: bytes) -> DeviceInfo:
    """Trust a device and its key (inside the caller's transaction, or its own)."""
    with ws.transaction():
        ws.execute(
            "INSERT INTO device (id, name, created_at, is_self, public_key, trusted) "
            "VALUES (?, ?, ?, 0, ?, 1) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "public_key = excluded.public_key, trusted = 1",
            [device_id, name, ws.now(), public_key])
    return device(ws, device_id)  # type: ignore[return-value]
