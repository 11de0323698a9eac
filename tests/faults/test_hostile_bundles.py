"""Hostile bundles at headquarters: each is made from a real export, then broken on
purpose (re-signed with the device's real key where the case is "a trusted device
sent it", with a fresh key where it is "an unknown key").  Each is refused with its
specific reason, through the API and through ``main.py sync import`` (exit 1, one
line, no traceback), and headquarters' file stays byte-for-byte the same."""
from __future__ import annotations

import io
import json
import random
import re
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected
from export.sync import container, zipcheck
from export.sync.bundle import (
    export_bundle,
    import_bundles,
    trust_device_card,
    write_device_card,
)
from storage.demo import fill
from storage.workspace import Workspace

from .hostile import (
    Entry,
    assert_refused,
    bomb,
    deflated,
    device_signer,
    fresh_signer,
    refused_everywhere,
    run_cli,
    signed_zip,
    stored,
    take_apart,
    write_zip,
)

TODAY = date(2026, 11, 20)
FINDINGS = "records/finding.ndjson"
BOMB_COPIES = 512                  # x 1 MiB: the bombs inflate to about 512 MiB


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    """A field laptop with demo data and photos, its real bundle and its device card."""
    base = tmp_path_factory.mktemp("field")
    ws = Workspace.open(base / "field.sqlite")
    fill(ws, inspections=1, photos=True, seed=7, today=TODAY)
    export_bundle(ws, base / "good.scbundle")
    write_device_card(ws, base / "field.card")
    yield ws, base
    ws.close()


@pytest.fixture(scope="module")
def hq_template(field, tmp_path_factory) -> Path:
    """Headquarters with some data of its own, trusting the field device by its card."""
    _ws, base = field
    path = tmp_path_factory.mktemp("hq") / "hq.sqlite"
    with Workspace.open(path) as hq:
        hq.add_enterprise(name="局机关测试单位")
        trust_device_card(hq, base / "field.card")
    return path


@pytest.fixture()
def hq(hq_template, tmp_path) -> Path:
    path = tmp_path / "hq.sqlite"
    shutil.copyfile(hq_template, path)
    assert not hq_template.with_name("hq.sqlite-wal").exists()
    return path


def good_parts(base: Path) -> tuple[list[Entry], dict]:
    return take_apart(base / "good.scbundle")


# ----- the cases: make(ws, base, dst) -> the hostile file ------------------------------
def nested(depth: int):
    def make(ws, base, dst):
        entries, _ = good_parts(base)
        body = b'{"format": "sitecheck-sync", "x": ' + b"[" * depth
        return write_zip(dst, [*entries, stored("manifest.json", body),
                               stored("manifest.sig", bytes(64))])
    return make


def resigned(*, edit=None, **layout):
    """The real parts, changed by ``edit(entries, manifest)``, re-signed with the
    device's real key; ``layout`` as ``signed_zip``."""
    def make(ws, base, dst):
        entries, manifest = good_parts(base)
        if edit:
            entries = edit(entries, manifest) or entries
        return signed_zip(dst, entries, manifest, device_signer(ws), **layout)
    return make


def raw(change):
    """The real file's bytes, changed (no re-signing: the signed parts are all intact)."""
    def make(ws, base, dst):
        dst.write_bytes(change((base / "good.scbundle").read_bytes()))
        return dst
    return make


def broken_manifest_deflate(data: bytes) -> bytes:
    """The exporter deflates the manifest: make its first deflate block a reserved type."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("manifest.json")
    start = info.header_offset + 30 + len(info.filename)     # the exporter writes no extra field
    return data[:start] + b"\x07" + data[start + 1:]


def unsupported_zip_version(data: bytes) -> bytes:
    """The first central directory entry asks for zip version 9.9 to extract."""
    at = data.index(b"PK\x01\x02") + 6
    return data[:at] + bytes([99, 0]) + data[at + 2:]


def parts_as_lists(body: bytes) -> bytes:
    manifest = json.loads(body)
    manifest["parts"] = [[p["name"], p["size"], p["sha256"]] for p in manifest["parts"]]
    return json.dumps(manifest).encode()


def compress_findings(entries, manifest):
    return [deflated(e.name, e.data) if e.name == FINDINGS else e for e in entries]


def encrypt_findings(entries, manifest):
    return [replace(e, flags=1) if e.name == FINDINGS else e for e in entries]


def local_header_lies(entries, manifest):
    return [replace(e, local_size=e.size + 4096) if e.name == FINDINGS else e for e in entries]


def comment_every_member(entries, manifest):
    return [replace(e, comment=b"x" * 400) for e in entries]


def nul_in_findings_name(entries, manifest):
    """zipfile cuts a name at NUL: the manifest lists the name as zipfile shows it."""
    return [replace(e, name=e.name + "\0.sh") if e.name == FINDINGS else e for e in entries]


def findings_changed_after_signing(ws, base, dst):
    """Unknown key, and a records part that no longer matches the signed manifest."""
    entries, manifest = good_parts(base)
    path = signed_zip(dst, entries, manifest, fresh_signer())
    data = path.read_bytes()
    at = data.index(b'["', data.index(FINDINGS.encode()))
    path.write_bytes(data[:at + 2] + b"0" + data[at + 3:])
    return path


CASES = {
    # JSON nested too deep for the parser, in an unsigned manifest: any file can do it
    "nested_manifest": (nested(60_000), "清单无法读取：JSON 嵌套过深"),
    "nested_manifest_100k": (nested(100_000), "manifest.json 有 \\d+ 字节，超过上限"),
    "manifest_parts_not_objects": (resigned(edit_body=parts_as_lists), "清单字段 parts 无效"),
    "manifest_over_cap": (resigned(edit_body=lambda b: b + b" " * 100_000),
                          "manifest.json 有 \\d+ 字节，超过上限"),
    "compressed_part": (resigned(edit=compress_findings), "finding.ndjson 是压缩存储的"),
    "encrypted_part": (resigned(edit=encrypt_findings), "finding.ndjson 已加密"),
    "local_header_disagrees": (resigned(edit=local_header_lies),
                               "finding.ndjson 的本地文件头与中央目录不符"),
    "damaged_manifest_deflate": (raw(broken_manifest_deflate), "manifest.json 已损坏（Error -3"),
    "unsupported_zip_version": (raw(unsupported_zip_version), "不完整或已损坏（zip file version 9.9）"),
    "name_with_nul": (resigned(edit=nul_in_findings_name,
                               edit_body=lambda body: body.replace(b"\\u0000.sh", b"")),
                      re.escape("不允许的成员名 'records/finding.ndjson\\x00.sh'")),
    "appended_data": (raw(lambda data: data + b"\0" * 100),
                      "结束记录之后还有 100 字节的附加数据"),
    "zip_comment": (resigned(comment=b"hello"), "结束记录之后还有 5 字节的附加数据（或 zip 注释）"),
    "prepended_data": (raw(lambda data: b"MZ" + b"\0" * 510 + data),
                       "中央目录不在结束记录之前（文件开头或中间有多余的数据）"),
    "prepended_offsets_shifted": (resigned(prefix=b"MZ" + b"\0" * 510, shift=True),
                                  "文件开头（第一个成员之前）有多余的数据"),
    "too_many_members": (resigned(count=zipcheck.MAX_MEMBERS + 1),
                         f"列出 {zipcheck.MAX_MEMBERS + 1} 个成员，超过上限"),
    "central_directory_too_large": (resigned(edit=comment_every_member), "中央目录有 \\d+ 字节"),
    "unknown_key_checked_before_parts": (findings_changed_after_signing, "未登记的设备「陌生设备」"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_and_changes_nothing(case, field, hq, tmp_path):
    ws, base = field
    make, reason = CASES[case]
    path = make(ws, base, tmp_path / f"{case}.sitecheck")
    refused_everywhere(hq, reason, lambda hq_ws: import_bundles(hq_ws, [path]),
                       "sync", "import", path)


def test_rebuilt_bundle_is_accepted(field, hq, tmp_path):
    """The hostile files' writer makes files the import accepts: each refusal above is
    due to its one change."""
    ws, base = field
    path = resigned()(ws, base, tmp_path / "rebuilt.sitecheck")
    with Workspace.open(hq) as hq_ws:
        report = import_bundles(hq_ws, [path])[0]
        assert report.added["finding"] > 0 and report.added["blob"] > 0


def test_damaged_copy_of_an_imported_bundle_is_refused(field, hq, tmp_path):
    """Verify first, then say it was imported before."""
    _ws, base = field
    good = base / "good.scbundle"
    with Workspace.open(hq) as hq_ws:
        import_bundles(hq_ws, [good])
    entries, _ = good_parts(base)
    photo = max((e for e in entries if e.name.startswith("blobs/")), key=lambda e: e.size).data
    data = good.read_bytes()
    at = data.index(photo) + len(photo) // 2
    damaged = tmp_path / "copy.sitecheck"
    damaged.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    refused_everywhere(hq, "blobs/[0-9a-f]+ 已损坏", lambda hq_ws: import_bundles(hq_ws, [damaged]),
                       "sync", "import", damaged)


# ----- zip bombs: refused before anything is inflated --------------------------------
@pytest.fixture(scope="module")
def bombs(field, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    ws, base = field
    out = tmp_path_factory.mktemp("bombs")
    entries, manifest = good_parts(base)
    findings = next(e for e in entries if e.name == FINDINGS).data
    header, rows = findings.split(b"\n", 1)
    huge = bomb(FINDINGS, header + b"\n", rows * (2**20 // len(rows) + 1), BOMB_COPIES)
    bombed = [huge if e.name == FINDINGS else e for e in entries]
    spaces = bomb("manifest.json", b"{", b" " * 2**20, BOMB_COPIES)
    return {
        "records_unknown_key": (signed_zip(out / "unknown.sitecheck", bombed, manifest,
                                           fresh_signer()), "finding.ndjson 是压缩存储的"),
        "records_trusted_device": (signed_zip(out / "trusted.sitecheck", bombed, manifest,
                                              device_signer(ws)), "finding.ndjson 是压缩存储的"),
        "manifest_unsigned": (write_zip(out / "manifest.sitecheck",
                                        [*entries, spaces, stored("manifest.sig", bytes(64))]),
                              "manifest.json 有 \\d+ 字节，超过上限"),
    }


@pytest.fixture(scope="module")
def baseline_peak(field, hq_template, tmp_path_factory) -> int:
    """Peak memory (KiB) of the CLI refusing a file it cannot find."""
    missing = tmp_path_factory.mktemp("small") / "missing.sitecheck"
    done, peak = run_cli("--workspace", hq_template, "sync", "import", missing)
    assert_refused(done, "找不到文件")
    return peak


@pytest.mark.parametrize("case", ["records_unknown_key", "records_trusted_device",
                                  "manifest_unsigned"])
def test_zip_bomb_is_refused_before_inflating(case, bombs, baseline_peak, hq):
    path, reason = bombs[case]
    assert path.stat().st_size < 8 * 2**20
    peak = refused_everywhere(hq, reason, lambda hq_ws: import_bundles(hq_ws, [path]),
                              "sync", "import", path)
    assert peak < baseline_peak + 100 * 1024, "inflating would take over 500 MiB"


def test_bomb_really_inflates(bombs):
    """The bombs are real: zipfile would inflate them to hundreds of MiB."""
    import zipfile

    for path, _ in bombs.values():
        with zipfile.ZipFile(path) as zf:
            assert max(i.file_size for i in zf.infolist()) > BOMB_COPIES * 2**20


# ----- device cards: the same container, the same checks -----------------------------
def nested_card(base: Path, dst: Path) -> Path:
    body = b'{"format": "sitecheck-sync", "kind": "device-card", "x": ' + b"[" * 60_000
    return write_zip(dst, [stored("manifest.json", body), stored("manifest.sig", bytes(64))])


def appended_card(base: Path, dst: Path) -> Path:
    dst.write_bytes((base / "field.card").read_bytes() + b"\0" * 10)
    return dst


@pytest.mark.parametrize("make, reason", [(nested_card, "清单无法读取：JSON 嵌套过深"),
                                          (appended_card, "结束记录之后还有 10 字节的附加数据")])
def test_hostile_device_card_is_refused(make, reason, field, hq, tmp_path):
    _ws, base = field
    card = make(base, tmp_path / "hostile.card")
    refused_everywhere(hq, reason, lambda hq_ws: trust_device_card(hq_ws, card),
                       "sync", "trust", card)


# ----- random damage: a refusal, never a crash ----------------------------------------
def test_random_damage_is_refused_not_crashed(field, tmp_path):
    """Bytes changed (mostly in the headers and the manifest at the end) or the file cut
    short, 400 times: every outcome is a BundleRejected, or the file is accepted when the
    byte changed is one nothing reads (a timestamp, an attribute)."""
    _ws, base = field
    good = (base / "good.scbundle").read_bytes()
    rng = random.Random(20261202)
    path = tmp_path / "damaged.sitecheck"
    outcomes = set()
    for _ in range(400):
        data = bytearray(good)
        if rng.random() < 0.2:
            del data[rng.randrange(len(data)):]
        else:
            at = rng.choice([rng.randrange(len(data)), rng.randrange(200),
                             len(data) - rng.randrange(1, 4000)])
            data[at] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            signed = container.open_signed(path, kind="bundle")
            signed.verify_blobs()
            signed.close()
            outcomes.add("accepted")
        except BundleRejected:
            outcomes.add("refused")
    assert "refused" in outcomes
