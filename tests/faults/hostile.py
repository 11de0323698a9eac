"""Hostile sync files made from real exports: a small zip writer that can get every
structural detail wrong on purpose, signers (the device's real key or a fresh one),
and the checks every refusal must pass (CLI without traceback, workspace unchanged)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checklists.common.errors import BundleRejected
from storage.ids import uuid7
from storage.sync import devices
from storage.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Entry:
    """One member as it lies in the zip (``data`` compressed when ``method`` is 8)."""

    name: str
    data: bytes
    size: int
    crc: int
    sha256: str
    method: int = zipfile.ZIP_STORED
    flags: int = 0
    comment: bytes = b""
    local_size: int | None = None       # another size in the local header only


def stored(name: str, data: bytes) -> Entry:
    return Entry(name, data, len(data), zlib.crc32(data), hashlib.sha256(data).hexdigest())


def deflated(name: str, data: bytes) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data),
                 hashlib.sha256(data).hexdigest(), zipfile.ZIP_DEFLATED)


def bomb(name: str, head: bytes, unit: bytes, copies: int) -> Entry:
    """A deflated member of ``head`` + ``copies`` x ``unit`` (hundreds of MB from a few),
    built without compressing it all: after a full flush the deflate state is reset,
    so the compressed unit is the same every time and can simply be repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    crc, digest = zlib.crc32(head), hashlib.sha256(head)
    for _ in range(copies):
        crc = zlib.crc32(unit, crc)
        digest.update(unit)
    return Entry(name, first + block * copies + packer.flush(), len(head) + len(unit) * copies,
                 crc, digest.hexdigest(), zipfile.ZIP_DEFLATED)


def write_zip(path: Path, entries: list[Entry], *, prefix: bytes = b"", shift: bool = False,
              suffix: bytes = b"", comment: bytes = b"", count: int | None = None) -> Path:
    """Local headers and data, central directory, end record.  ``prefix`` goes before it
    all (``shift``: with the offsets moved past it, as ``zip -A`` does), ``suffix`` after."""
    out, central = bytearray(prefix), bytearray()
    base = len(prefix) if shift else 0
    for e in entries:
        offset = len(out) - len(prefix) + base
        name = e.name.encode()
        local = e.size if e.local_size is None else e.local_size
        csize = len(e.data) if e.local_size is None else local
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21, e.crc,
                           csize, local, len(name), 0) + name + e.data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, e.flags, e.method, 0, 0x21,
                               e.crc, len(e.data), e.size, len(name), 0, len(e.comment), 0, 0,
                               0o644 << 16, offset) + name + e.comment
    start = len(out) - len(prefix) + base
    n = len(entries) if count is None else count
    out += central
    if n > 0xFFFF:          # a ZIP64 end record and its locator carry the count
        end64 = len(out) - len(prefix) + base
        out += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, len(central),
                           start) + struct.pack("<4sLQL", b"PK\x06\x07", 0, end64, 1)
        n = 0xFFFF
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), start,
                       len(comment)) + comment + suffix
    path.write_bytes(bytes(out))
    return path


# ----- signers -----------------------------------------------------------------------
@dataclass(frozen=True)
class Signer:
    sign: Callable[[bytes], bytes]
    device: dict | None = None          # replaces the manifest's device (a fresh key)


def device_signer(ws: Workspace) -> Signer:
    """The device's real key: the case 'a trusted device sent this'."""
    return Signer(lambda body: devices.sign(ws, body))


def fresh_signer() -> Signer:
    """A device id and key never seen: the case 'an unknown key'."""
    key = Ed25519PrivateKey.generate()
    return Signer(key.sign, {"id": uuid7(), "name": "陌生设备",
                             "public_key": key.public_key().public_bytes_raw().hex()})


# ----- real files, taken apart and put together again ---------------------------------
def take_apart(path: Path) -> tuple[list[Entry], dict]:
    """A real file's parts as stored entries (manifest files left out), and its manifest."""
    with zipfile.ZipFile(path) as zf:
        entries = [stored(n, zf.read(n)) for n in zf.namelist() if not n.startswith("manifest")]
        return entries, json.loads(zf.read("manifest.json"))


def signed_zip(path: Path, entries: list[Entry], manifest: dict, signer: Signer, *,
               edit_body: Callable[[bytes], bytes] | None = None,
               manifest_entry: Callable[[str, bytes], Entry] = deflated, **layout) -> Path:
    """``entries`` listed in the manifest by size and hash, signed by ``signer``;
    ``edit_body`` changes the manifest's bytes before signing; ``layout`` as write_zip."""
    manifest = {**manifest, "parts": [{"name": e.name, "size": e.size, "sha256": e.sha256}
                                      for e in entries]}
    if signer.device:
        manifest["device"] = signer.device
    body = json.dumps(manifest, ensure_ascii=False).encode()
    body = edit_body(body) if edit_body else body
    return write_zip(path, [*entries, manifest_entry("manifest.json", body),
                            stored("manifest.sig", signer.sign(body))], **layout)


def replace_part(entries: list[Entry], name: str, data: bytes) -> list[Entry]:
    return [stored(name, data) if e.name == name else e for e in entries]


# ----- what every refusal must look like -----------------------------------------------
def workspace_digest(path: Path) -> dict[str, str]:
    """SHA-256 of the workspace file and its -wal (if any); call with the workspace closed."""
    files = [path, path.with_name(path.name + "-wal")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


# main.py run as from the command line, writing its own peak resident memory (VmHWM:
# this process only; wait4's figure includes the parent it was forked from) to the
# file named by its first argument when it exits.
RUN_MAIN = """
import atexit, runpy, sys
def peak(path=sys.argv[1]):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
atexit.register(peak)
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_cli(*args: str | Path) -> tuple[subprocess.CompletedProcess, int]:
    """Run main.py; returns the finished process and its peak resident memory in KiB."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        done = subprocess.run([sys.executable, "-c", RUN_MAIN, str(peak), str(REPO / "main.py"),
                               *map(str, args)], env={**os.environ, "PYTHONPATH": str(REPO)},
                              capture_output=True, text=True, timeout=120, check=False)
        return done, int(peak.read_text())


def refused_everywhere(workspace: Path, reason: str, api: Callable[[Workspace], object],
                       *command: str | Path) -> int:
    """``api(ws)`` and ``main.py --workspace W *command`` both refuse with ``reason``
    and leave the workspace byte-identical; returns the command's peak memory (KiB)."""
    before = workspace_digest(workspace)
    with Workspace.open(workspace) as ws, pytest.raises(BundleRejected, match=reason):
        api(ws)
    assert workspace_digest(workspace) == before
    done, peak = run_cli("--workspace", workspace, *command)
    assert_refused(done, reason)
    assert workspace_digest(workspace) == before
    return peak


def assert_refused(done: subprocess.CompletedProcess, reason: str) -> None:
    """Exit 1, one line on stderr naming the reason, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(reason, lines[0]), done.stderr
