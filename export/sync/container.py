"""The signed container shared by the field -> headquarters bundle, the headquarters
pack and the device card: writing it, and verifying and reading it.

The container is a zip (see docs/sync.md for why):

    records/<table>.ndjson   a JSON array of column names, then one JSON array
                             of values per line
    blobs/<sha256>           photo and PDF bytes, named by their hash
                             (every part is stored uncompressed: photos and PDFs
                             do not compress, and deflating the records cost more
                             time than the whole rest of the export; see docs/sync.md)
    manifest.json            format, version, kind, device, time range, counts,
                             size and SHA-256 of every part
    manifest.sig             Ed25519 signature of manifest.json's exact bytes

Every part is written in chunks, read once and hashed once.  A file is written
to a temporary name beside the target, fsynced, then renamed, so the final name
never holds a partial file.  Reading verifies the size limit, the zip's
structure (``export.sync.zipcheck``), member names, the capped manifest, version,
signature and signer, and only then reads parts: every records part's hash
is checked before a single row is merged; the blobs are hashed by a worker
thread a bounded way ahead of the merge (``BlobReader``), and each is stored
only once its hash matched, inside the import's one transaction, so a bad
blob changes nothing either.

What a bundle holds and how it is imported is ``export.sync.bundle``; a pack,
``export.sync.pack``.
"""
from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import sys
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from checklists.common.errors import BundleRejected, InvalidInput
from checklists.common.messages import Msg
from checklists.common.progress import Progress, Steps
from checklists.common.sizes import format_size
from storage.files import atomic_write
from storage.ids import uuid7
from storage.paths import WORKSPACE_SUFFIX
from storage.sync import merging
from storage.sync.devices import (
    check_trusted,
    ensure_device_key,
    fingerprint,
    sign,
    verify_signature,
)
from storage.sync.selection import BlobRef, TableSource, blob_chunks, ndjson_chunks
from storage.workspace import Workspace

from . import zipcheck

FORMAT = "sitecheck-sync"
VERSION = 2          # 2: records as a header line of column names, then one JSON array per row
KIND_ZH = {"bundle": Msg("数据包"), "pack": Msg("局机关下发包"), "device-card": Msg("设备卡")}
# File name endings: a workspace is .sitecheck (storage.paths), so a sync file has its own.
# Files named .sitecheck by older versions are still imported (their content is verified).
BUNDLE_SUFFIX, PACK_SUFFIX = ".scbundle", ".scpack"
SUFFIXES = {"bundle": BUNDLE_SUFFIX, "pack": PACK_SUFFIX}
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DEFAULT_MAX_SIZE = 2 * 1024 ** 3
PART_NAME = re.compile(r"records/[a-z_]{1,40}\.ndjson|blobs/[0-9a-f]{64}")
READ_AHEAD = 64 * 1024 ** 2   # blob bytes hashed ahead of the merge (BlobReader)
READ_CHUNK = 1024 ** 2        # parts are read (and hashed) at most this much at a time
MANIFEST_MAX, MANIFEST_PER_PART = 64 * 1024, 256   # manifest cap: 64 KiB + 256 bytes a member
SIGNATURE_SIZE = 64           # Ed25519
HEX64 = re.compile(r"[0-9a-f]{64}")
PAUSE_ENV = "SITECHECK_SYNC_PAUSE"   # test hook: "export" or "import" stops mid-write


# ----- writing ------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One member to write, produced in chunks (never held whole in memory)."""

    name: str
    chunks: Callable[[], Iterable[bytes]]
    size: int | None = None       # known in advance (blobs)
    sha256: str | None = None     # known already (blobs are stored under their hash)


def sync_file_path(out: str | Path, kind: str) -> Path:
    """Where a bundle or pack is written: ``out``, with the kind's ending added when it
    has none; the workspace ending is refused, so the two kinds of file never share it."""
    path = Path(out)
    suffix = SUFFIXES[kind]
    if path.suffix.lower() == WORKSPACE_SUFFIX:
        raise InvalidInput("输出文件", "{name} 以 {workspace_suffix} 结尾，这是工作区文件的扩展名",
                           hint="{kind}请以 {suffix} 结尾，以免与工作区文件混淆", name=path.name,
                           workspace_suffix=WORKSPACE_SUFFIX, kind=KIND_ZH[kind], suffix=suffix)
    return path if path.suffix else path.with_name(path.name + suffix)


def records_part(ws: Workspace, src: TableSource) -> Part:
    return Part(f"records/{src.table}.ndjson", lambda: ndjson_chunks(ws, src))


def blob_part(ws: Workspace, ref: BlobRef) -> Part:
    return Part(f"blobs/{ref.sha256}", lambda: blob_chunks(ws, ref), ref.size, ref.sha256)


def write_file(ws: Workspace, out: str | Path, kind: str, header: dict[str, Any],
               parts: Sequence[Part], *, progress: Progress | None = None,
               late_counts: Callable[[], dict[str, int]] | None = None) -> dict[str, Any]:
    """Write a signed container atomically; returns the manifest written.

    The manifest's ``counts`` (rows per table, and blobs for a bundle) are
    counted while writing; ``late_counts()``, called once the parts are written,
    adds counts the parts' writers kept (a pack's rows from headquarters' database).
    """
    me = ensure_device_key(ws)
    manifest = {"format": FORMAT, "version": VERSION, "kind": kind, "bundle_id": uuid7(),
                "created_at": ws.now(),
                "device": {"id": me.id, "name": me.name, "public_key": me.public_key.hex()},
                **header}

    step = Steps(progress, len(parts), cancelled="导出已取消，未生成文件")

    def write(fh: BinaryIO) -> None:
        listed, counts = [], {}
        with zipfile.ZipFile(fh, "w") as zf:
            for n, part in enumerate(parts, start=1):
                entry, rows = _write_part(zf, part)
                listed.append(entry)
                if part.name.startswith("records/"):
                    counts[part.name.removeprefix("records/").removesuffix(".ndjson")] = rows
                step.advance()
                if n == len(parts) // 2:
                    maybe_pause("export")
            if kind == "bundle":
                counts["blob"] = sum(p.name.startswith("blobs/") for p in parts)
            counts.update(late_counts() if late_counts else {})
            manifest["counts"], manifest["parts"] = counts, listed
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            zf.writestr(_member(MANIFEST, zipfile.ZIP_DEFLATED), body)
            zf.writestr(_member(SIGNATURE, zipfile.ZIP_STORED), sign(ws, body))

    atomic_write(Path(out), write, doing=Msg("写入{kind}", kind=KIND_ZH[kind]))
    return manifest


def _write_part(zf: zipfile.ZipFile, part: Part) -> tuple[dict[str, Any], int]:
    """Stream one part into the zip, hashing (unless known) and counting lines as it goes."""
    is_records = part.name.startswith("records/")
    info = _member(part.name, zipfile.ZIP_STORED)
    info.file_size = part.size or 0                # lets zipfile choose ZIP64 for huge blobs
    digest = None if part.sha256 else hashlib.sha256()
    size = lines = 0
    with zf.open(info, "w") as member:
        for chunk in part.chunks():
            member.write(chunk)
            size += len(chunk)
            if digest:
                digest.update(chunk)
            if is_records:
                lines += chunk.count(b"\n")
    sha = part.sha256 or digest.hexdigest()   # type: ignore[union-attr]
    return {"name": part.name, "size": size, "sha256": sha}, max(lines - 1, 0)


def _member(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def maybe_pause(point: str) -> None:
    """Test hook: stop here so a test can kill the process at a known point."""
    if os.environ.get(PAUSE_ENV) == point:
        print(f"SITECHECK-PAUSED {point}", file=sys.stderr, flush=True)
        time.sleep(60)


# ----- reading and verifying ----------------------------------------------------------
class SignedFile:
    """An opened container whose signature, names and sizes check out, and whose
    records parts were hashed on opening (and are hashed again as the merge reads
    them).  Blob parts are hashed when
    read (``read_blob``, once each, while merging) or by ``verify_blobs``."""

    def __init__(self, path: Path, zf: zipfile.ZipFile, manifest: dict, parts: dict[str, dict]):
        self.path, self.zf, self.manifest, self.parts = path, zf, manifest, parts
        self.new_signer = False       # set by open_signed: its vouch accepted a new signer
        self.blobs = BlobReader(self)

    @property
    def device_id(self) -> str:
        return self.manifest["device"]["id"]

    @property
    def public_key(self) -> bytes:
        return bytes.fromhex(self.manifest["device"]["public_key"])

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def label(self) -> str:
        return _label(self.path, self.manifest['kind'])

    def blob_names(self) -> list[str]:
        return sorted(n.removeprefix("blobs/") for n in self.parts if n.startswith("blobs/"))

    def read_blob(self, digest: str) -> bytes:
        """A blob's bytes, read once and checked against the signed manifest (read ahead
        in a worker thread when taken in ``blob_names`` order; see ``BlobReader``)."""
        return self.blobs.take(digest)

    def read_checked(self, digest: str) -> bytes:
        """Read one blob and check its size and SHA-256 (any thread)."""
        name = f"blobs/{digest}"
        return _check_part(self.zf, self.path, self.label, name, self.parts[name])

    def verify_blobs(self) -> None:
        for digest in self.blob_names():
            self.read_blob(digest)

    def records(self) -> merging.Tables:
        """Every records part whole (a pack's few rows); bundles use ``record_parts``."""
        with gc_paused():
            return {table: merging.Rows(part.columns, [r for b in part.batches() for r in b])
                    for table, part in self.record_parts().items()}

    def record_parts(self) -> merging.Parts:
        """Each records part as a header and batches of rows, parsed as they are read;
        a part whose row count differs from the signed manifest is refused at its end."""
        counts, parts = self.manifest.get("counts", {}), {}
        for name in sorted(n for n in self.parts if n.startswith("records/")):
            table = name.removeprefix("records/").removesuffix(".ndjson")
            lines = self._lines(name)
            cols = _parse_header(next(lines, b""), self.path, name)
            lines.close()
            count = counts.get(table)
            parts[table] = merging.RecordsPart(
                cols, lambda n=name, t=table, c=count: self._batches(n, t, c),
                count if isinstance(count, int) else 0)
        return parts

    def _batches(self, name: str, table: str, count: int | None) -> Iterator[list[list[Any]]]:
        lines, rows = self._lines(name), 0
        next(lines, None)                       # the header
        for batch in _parse_batches(lines, self.path, name):
            rows += len(batch)
            yield batch
        if count is not None and count != rows:
            raise BundleRejected("{file}: {table} 记录数与清单不符", file=self.path.name, table=table)

    def _lines(self, name: str) -> Iterator[bytes]:
        """A records part's lines, read from the zip in chunks and hashed as they go
        (refused at the end on a mismatch, which rolls back the merge reading them)."""
        digest, size, rest = hashlib.sha256(), 0, b""
        try:
            with self.zf.open(name) as member:
                while chunk := member.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    *lines, rest = (rest + chunk).split(b"\n")
                    yield from lines
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
            raise BundleRejected("{label} 中 {name} 已损坏（{err}）",
                                 hint="请重新拷贝文件", label=self.label, name=name, err=err) from None
        _check_digest(self.label, name, self.parts[name], size, digest)
        if rest:
            yield rest

    def close(self) -> None:
        self.blobs.stop()
        self.zf.close()


class BlobReader:
    """Reads and hashes a file's blobs in one worker thread, ahead of the merge.

    Reading a stored zip member and SHA-256 both release the GIL, so the
    hashing runs on the second core while the main thread parses and inserts
    rows.  At most ``READ_AHEAD`` bytes are read ahead (plus one blob larger
    than that), so memory stays flat however large the file.  ``take`` returns
    the blobs in ``blob_names`` order; a blob asked for out of order is read
    and checked directly.  A bad blob raises ``BundleRejected`` when taken.
    """

    def __init__(self, signed: SignedFile):
        self.signed = signed
        self.waiting = deque(signed.blob_names())
        self.ahead: deque[tuple[str, int, Future[bytes]]] = deque()
        self.bytes_ahead = 0
        self.pool: ThreadPoolExecutor | None = None

    def start(self) -> None:
        """Begin reading ahead (idempotent)."""
        if self.pool is None and self.waiting:
            self.pool = ThreadPoolExecutor(1, thread_name_prefix="sync-blobs")
            self._fill()

    def _fill(self) -> None:
        while self.waiting and (not self.ahead or self.bytes_ahead < READ_AHEAD):
            digest = self.waiting.popleft()
            size = int(self.signed.parts[f"blobs/{digest}"].get("size") or 0)
            self.ahead.append((digest, size, self.pool.submit(self.signed.read_checked, digest)))
            self.bytes_ahead += size

    def take(self, digest: str) -> bytes:
        self.start()
        if not self.ahead or self.ahead[0][0] != digest:
            if digest in self.waiting:
                self.waiting.remove(digest)
            return self.signed.read_checked(digest)
        _, size, future = self.ahead.popleft()
        self.bytes_ahead -= size
        try:
            return future.result()
        finally:
            self._fill()

    def stop(self) -> None:
        """Cancel what has not started and wait for the worker (before the zip is closed)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.waiting.clear()
        self.ahead.clear()


def _label(file: Path, kind: str) -> Msg:
    """How messages name a file: its name and what it is, e.g. "a.zip（数据包）"."""
    return Msg("{name}（{kind}）", name=file.name, kind=KIND_ZH.get(kind) or kind)


def open_signed(path: str | Path, *, kind: str, max_size: int = DEFAULT_MAX_SIZE,
                vouch: Callable[[SignedFile], bool] | None = None) -> SignedFile:
    """Open and verify a container of ``kind``; raise BundleRejected with the reason.

    In this order, each step reading only what it checks: the file size; the
    zip's structure (``export.sync.zipcheck``: end records, central directory, local
    headers; nothing compressed but the manifest); the manifest and signature
    (capped reads); the signature; ``vouch(signed)``, which raises unless the
    signer is trusted and returns True for a signer it newly accepts (kept as
    ``signed.new_signer``); only then is every records part read in chunks and
    hashed, keeping nothing (the merge reads and hashes it again as it parses, so
    memory stays flat).  Blob parts are hashed when read (``SignedFile.read_blob``).
    """
    file = Path(path)
    label = _label(file, kind)
    if not file.is_file():
        raise BundleRejected("找不到文件 {file}", file=file)
    size = file.stat().st_size
    if size > max_size:
        raise BundleRejected("{label} 大小 {size}，超过上限 {max_size}",
                             hint="请确认文件来源，或用 --max-size 提高上限", label=label, size=format_size(size),
                             max_size=format_size(max_size))
    zf = zipcheck.open_zip(file, label)
    try:
        manifest, parts = _verify(zf, label, kind)
        signed = SignedFile(file, zf, manifest, parts)
        signed.new_signer = bool(vouch(signed)) if vouch else False
        for name, part in sorted(parts.items()):
            if name.startswith("records/"):
                _verify_part(zf, label, name, part)
    except BaseException:
        zf.close()
        raise
    return signed


def refuse_own_workspace(ws: Workspace, path: str | Path) -> None:
    """The workspace open here, chosen as a sync file, is refused before it is opened:
    closing a second descriptor of it would drop this process's locks on it."""
    if ws.path is not None and Path(path).resolve() == Path(ws.path).resolve():
        raise BundleRejected("{name} 是当前打开的工作区本身，不是同步文件", hint=zipcheck.WORKSPACE_HINT,
                             name=Path(path).name)


def trusted_signer(ws: Workspace, *, trust: bool) -> Callable[[SignedFile], bool]:
    """A ``vouch`` for ``open_signed``: the signer must be registered with this key, or
    ``trust`` confirms a new one (True then)."""
    def vouch(signed: SignedFile) -> bool:
        return check_trusted(ws, signed.device_id, signed.manifest["device"]["name"],
                             signed.public_key, trust=trust, what=signed.label)
    return vouch


def _verify(zf: zipfile.ZipFile, label: str, kind: str) -> tuple[dict, dict[str, dict]]:
    """Names, manifest and signature; the parts listed must be the members, sizes agreeing."""
    names = zf.namelist()
    for name in names:
        if name not in (MANIFEST, SIGNATURE) and not PART_NAME.fullmatch(name):
            raise BundleRejected("{label} 含有不允许的成员名 {name!r}（可能是路径穿越攻击）",
                                 hint="拒绝导入；请向发送方索取原始文件", label=label, name=name)
    if len(set(names)) != len(names):
        raise BundleRejected("{label} 含有重复的成员名", hint="文件可能被篡改", label=label)
    if MANIFEST not in names:
        raise BundleRejected("{label} 缺少清单 {manifest}", hint="这不是 SiteCheck 同步文件", label=label,
                             manifest=MANIFEST)
    limit = MANIFEST_MAX + MANIFEST_PER_PART * len(names)
    body = _read_small(zf, MANIFEST, label, limit)
    manifest = _parse_manifest(body, label, kind)
    if SIGNATURE not in names:
        raise BundleRejected("{label} 未签名", hint="只接受由 SiteCheck 导出的已签名文件", label=label)
    public_key = bytes.fromhex(manifest["device"]["public_key"])
    verify_signature(public_key, _read_small(zf, SIGNATURE, label, SIGNATURE_SIZE), body, label)
    parts = {p["name"]: p for p in manifest["parts"]}
    present = set(names) - {MANIFEST, SIGNATURE}
    if present != set(parts) or len(parts) != len(manifest["parts"]):
        missing = sorted(set(parts) - present) or sorted(present - set(parts)) or [Msg("（重复）")]
        raise BundleRejected("{label} 的成员与清单不符：{missing}", hint="文件不完整或被篡改",
                             label=label, missing=missing[0])
    for name, part in sorted(parts.items()):
        if zf.getinfo(name).file_size != part["size"]:
            raise BundleRejected("{label} 中 {name} 的大小与清单不符", hint="文件被篡改或损坏", label=label, name=name)
        if name.startswith("blobs/") and name.removeprefix("blobs/") != part["sha256"]:
            raise BundleRejected("{label} 中 {name} 的内容与其名称不符", hint="文件被篡改", label=label, name=name)
    return manifest, parts


def _read_small(zf: zipfile.ZipFile, name: str, label: str, limit: int) -> bytes:
    """The manifest or the signature: refused unheard if the central directory says it is
    larger than ``limit``, and never read (or inflated) beyond it."""
    size = zf.getinfo(name).file_size
    if size > limit:
        raise BundleRejected("{label} 中 {name} 有 {size} 字节，超过上限 {limit} 字节",
                             hint="这不是 SiteCheck 写出的文件；未读取，拒绝导入",
                             label=label, name=name, size=size, limit=limit)
    return b"".join(_member_chunks(zf, name, label))


# Every top-level field of a manifest and the shape of its value (a type, None for
# null, a one-item list for "a list of", {str: type} for "a mapping to").
MANIFEST_FIELDS: dict[str, Any] = {
    "format": str, "version": int, "kind": str, "bundle_id": str, "created_at": str,
    "device": {"id": str, "name": str, "public_key": str},
    "destination": str, "inspectors": [str],
    "range": {"from": (str, None), "to": (str, None), "since_seq": (int, None),
              "until_seq": (int, None)},
    "counts": {str: int},
    "parts": [{"name": str, "size": int, "sha256": str}],
}
MANIFEST_REQUIRED = ("bundle_id", "created_at", "device", "counts", "parts")


def _parse_manifest(body: bytes, label: str, kind: str) -> dict:
    """The manifest, parsed before the signature can be checked (it holds the key):
    any bytes up to the cap may arrive here, so every field's shape is checked."""
    try:
        manifest = json.loads(body)
    except RecursionError:
        raise BundleRejected("{label} 的清单无法读取：JSON 嵌套过深",
                             hint="这不是 SiteCheck 写出的清单；拒绝导入", label=label) from None
    except ValueError:
        raise BundleRejected("{label} 的清单无法读取", hint="这不是 SiteCheck 同步文件或已损坏", label=label) from None
    if not isinstance(manifest, dict):
        raise BundleRejected("{label} 的清单无法读取", hint="这不是 SiteCheck 同步文件或已损坏", label=label)
    fmt, version = manifest.get("format"), manifest.get("version")
    if fmt != FORMAT:
        raise BundleRejected("{label} 不是 SiteCheck 同步文件（格式 {fmt!r}）", label=label, fmt=fmt)
    if version != VERSION:
        raise BundleRejected("{label} 的格式版本为 {version}，本程序只支持版本 {supported}",
                             hint="请双方使用相同版本的 SiteCheck", label=label, version=version,
                             supported=VERSION)
    if manifest.get("kind") != kind:
        found = KIND_ZH.get(manifest.get("kind")) or manifest.get("kind")
        raise BundleRejected("{label} 实际是{found}", hint="请用对应的命令导入", label=label, found=found)
    bad = _manifest_problem(manifest)
    if bad:
        raise BundleRejected("{label} 的清单字段 {bad} 无效", hint="这不是 SiteCheck 写出的清单；拒绝导入",
                             label=label, bad=bad)
    return manifest


def _manifest_problem(manifest: dict) -> str | None:
    """The first field that is missing or not of its shape (None: all fine)."""
    for field in MANIFEST_REQUIRED:
        if field not in manifest:
            return field
    for field, value in manifest.items():
        if field not in MANIFEST_FIELDS or not _fits(value, MANIFEST_FIELDS[field]):
            return field
    if not HEX64.fullmatch(manifest["device"]["public_key"]):
        return "device.public_key"
    for part in manifest["parts"]:
        if part["size"] < 0 or not HEX64.fullmatch(part["sha256"]):
            return f"parts[{part['name']!r}]"
    return None


def _fits(value: Any, shape: Any) -> bool:
    """Whether ``value`` has ``shape`` (see MANIFEST_FIELDS); never deeper than the shape."""
    if isinstance(shape, list):
        return isinstance(value, list) and all(_fits(v, shape[0]) for v in value)
    if isinstance(shape, dict) and str in shape:
        return isinstance(value, dict) and all(_fits(v, shape[str]) for v in value.values())
    if isinstance(shape, dict):
        return isinstance(value, dict) and value.keys() == shape.keys() \
            and all(_fits(v, shape[k]) for k, v in value.items())
    if isinstance(shape, tuple):
        return any(_fits(value, s) for s in shape)
    if shape is None:
        return value is None
    return isinstance(value, shape) and not isinstance(value, bool)


def _check_part(zf: zipfile.ZipFile, file: Path, label: str, name: str, part: dict) -> bytes:
    """Read a part in chunks (its size agrees with the central directory and the signed
    manifest already), hashing as it goes; returns its bytes."""
    digest, chunks = hashlib.sha256(), []
    for chunk in _member_chunks(zf, name, label):
        digest.update(chunk)
        chunks.append(chunk)
    data = b"".join(chunks)
    _check_digest(label, name, part, len(data), digest)
    return data


def _verify_part(zf: zipfile.ZipFile, label: str, name: str, part: dict) -> None:
    """Hash a part in chunks against the signed manifest, keeping nothing: memory stays
    flat however large the part (the merge reads it again, hashing it again)."""
    digest, size = hashlib.sha256(), 0
    for chunk in _member_chunks(zf, name, label):
        digest.update(chunk)
        size += len(chunk)
    _check_digest(label, name, part, size, digest)


def _check_digest(label: str, name: str, part: dict, size: int, digest: Any) -> None:
    if size != part.get("size") or digest.hexdigest() != part.get("sha256"):
        raise BundleRejected("{label} 中 {name} 的 SHA-256 与清单不符", hint="文件被篡改或损坏", label=label, name=name)


def _member_chunks(zf: zipfile.ZipFile, name: str, label: str) -> Iterator[bytes]:
    """A member's bytes in chunks of at most READ_CHUNK (zipfile checks its CRC at the
    end, and never returns more than the central directory's size); damage refuses."""
    try:
        with zf.open(name) as member:
            while chunk := member.read(READ_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as err:
        raise BundleRejected("{label} 中 {name} 已损坏（{err}）", hint="请重新拷贝文件",
                             label=label, name=name, err=err) from None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing makes one list per row and nothing cyclic: the cycle collector would
    only scan the growing heap again and again (about 15% of the parse time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


BATCH_ROWS = 5000      # rows parsed (and merged) at a time: memory stays flat


def _parse_ndjson(data: bytes, file: Path, name: str) -> merging.Rows:
    """Header line of column names, then one JSON array per row (a whole part)."""
    lines = iter(io.BytesIO(data))
    cols = _parse_header(next(lines, b""), file, name)
    with gc_paused():
        return merging.Rows(cols, [r for b in _parse_batches(lines, file, name) for r in b])


def _parse_header(line: bytes, file: Path, name: str) -> list[str]:
    try:
        cols = json.loads(line)
    except (ValueError, RecursionError):
        cols = None
    if not _is_header(cols):
        raise BundleRejected("{file}: {part} 第 1 行不是字段名列表", hint="文件版本不符", file=file.name, part=name)
    return cols


def _is_header(cols: Any) -> bool:
    return isinstance(cols, list) and all(isinstance(c, str) for c in cols)


def _parse_batches(lines: Iterator[bytes], file: Path, name: str) -> Iterator[list[list[Any]]]:
    """The rows after the header, ``BATCH_ROWS`` lines per batch, each batch parsed in
    one ``json.loads`` (its lines joined into one JSON array).  A batch that does not
    parse that way is read again line by line, to name the line refused."""
    number = 2
    while chunk := list(islice(lines, BATCH_ROWS)):
        yield _parse_lines(chunk, number, file, name)
        number += len(chunk)


def _parse_lines(chunk: list[bytes], first: int, file: Path, name: str) -> list[list[Any]]:
    try:
        rows = json.loads(b"[" + b",".join(chunk) + b"]")
    except (ValueError, RecursionError):
        rows = None
    if rows is None or len(rows) != len(chunk):
        raise BundleRejected("{file}: {part} 第 {line} 行不是有效的 JSON 记录",
                             hint="文件已损坏或被篡改；工作区未作任何更改", file=file.name, part=name,
                             line=first + _bad_line(chunk))
    return rows


def _bad_line(chunk: list[bytes]) -> int:
    """The index of the first line of ``chunk`` that is not exactly one JSON value."""
    for n, line in enumerate(chunk):
        try:
            json.loads(line)
        except (ValueError, RecursionError):
            return n
    return 0

def parse_size(text: str) -> int:
    """'2G', '500M', '1048576' -> bytes (for --max-size)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not match:
        raise InvalidInput("--max-size", "无法识别的大小 {text!r}", hint="例如 2G、500M 或字节数", text=text)
    return int(match[1]) * 1024 ** " kmg".index(match[2].lower() or " ")
