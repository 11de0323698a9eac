"""Hostile headquarters packs on a field laptop: made from a real pack export, broken
on purpose and re-signed with headquarters' real key (or a fresh one).  Each is
refused with its reason, through the API and through ``main.py pack import`` (exit
1, one line, no traceback), and the laptop's file stays byte-for-byte the same."""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from export.sync.pack import export_pack, import_pack
from storage.demo import fill
from storage.ids import uuid7
from storage.sync.merging import CHECKLIST_COLUMNS
from storage.sync.packs import BLOCK_COLUMNS, assign_block
from storage.workspace import Workspace

from .hostile import (
    bomb,
    device_signer,
    fresh_signer,
    refused_everywhere,
    signed_zip,
    stored,
    take_apart,
    write_zip,
)

TODAY = date(2026, 11, 20)
SERIES = "杭西应急责改"
BLOCKS = "records/number_block.ndjson"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Headquarters and a laptop that trusts it, holds block 101-200 and has used 101-102."""
    base = tmp_path_factory.mktemp("pack")
    field_file = base / "field.sqlite"
    with Workspace.open(field_file) as field:
        fill(field, inspections=1, seed=5, today=TODAY)
        field_id = field.device_id
    hq = Workspace.open(base / "hq.sqlite")
    ent = hq.add_enterprise(name="杭州堃喆机械制造有限公司", district="西湖区")
    hq.add_equipment(ent.id, kind="boiler", name="1号锅炉")
    assign_block(hq, field_id, SERIES, 2026, 101, 200)
    assign_block(hq, "another-device", SERIES, 2026, 201, 300)
    export_pack(hq, base / "good.scpack")
    with Workspace.open(field_file) as field:
        import_pack(field, base / "good.scpack", trust=True)
        for _ in range(2):
            issue(field)
    yield hq, base, field_id
    hq.close()


def issue(ws: Workspace) -> None:
    ws.issue_document(ws.inspections()[0].id, "order", series=SERIES,
                      format_number=lambda n, y: f"杭西应急责改〔{y}〕{n}号",
                      render=lambda number, at: (f"%PDF {number}".encode(), "h"),
                      issued_at=datetime(2026, 11, 1, 9, 0).astimezone())


@pytest.fixture()
def field(sites, tmp_path) -> Path:
    _hq, base, _ = sites
    path = tmp_path / "field.sqlite"
    shutil.copyfile(base / "field.sqlite", path)
    assert not (base / "field.sqlite-wal").exists()
    return path


def pack_with_rows(table: str, columns: list[str], rows):
    """The real pack with ``rows(field_id)`` as its ``table`` part, re-signed by headquarters."""
    def make(hq, base, field_id, dst):
        entries, manifest = take_apart(base / "good.scpack")
        lines = [json.dumps(r, ensure_ascii=False) for r in [columns, *rows(field_id)]]
        name = f"records/{table}.ndjson"
        entries = [stored(name, ("\n".join(lines) + "\n").encode()) if e.name == name else e
                   for e in entries]
        manifest = {**manifest, "bundle_id": uuid7(),
                    "counts": {**manifest["counts"], table: len(lines) - 1}}
        return signed_zip(dst, entries, manifest, device_signer(hq))
    return make


def pack_with_blocks(*blocks: tuple):
    """The real pack with these number blocks (device_id None: the laptop's)."""
    return pack_with_rows("number_block", list(BLOCK_COLUMNS), lambda field_id: [
        [d or field_id, s, y, f, la, "2026-11-01T09:00:00+08:00"] for d, s, y, f, la in blocks])


def enterprise_named(name):
    def make(hq, base, field_id, dst):
        entries, _ = take_apart(base / "good.scpack")
        part = next(e for e in entries if e.name == "records/enterprise.ndjson").data.decode()
        header, first = (json.loads(line) for line in part.splitlines()[:2])
        first[header.index("name")] = name
        return pack_with_rows("enterprise", header, lambda _: [first])(hq, base, field_id, dst)
    return make


def nested_manifest(hq, base, field_id, dst):
    entries, _ = take_apart(base / "good.scpack")
    body = b'{"format": "sitecheck-sync", "x": ' + b"[" * 60_000
    return write_zip(dst, [*entries, stored("manifest.json", body),
                           stored("manifest.sig", bytes(64))])


def appended(hq, base, field_id, dst):
    dst.write_bytes((base / "good.scpack").read_bytes() + b"\0" * 10)
    return dst


def unknown_key_damaged(hq, base, field_id, dst):
    """Signed by a key the laptop never trusted, with a part changed after signing."""
    entries, manifest = take_apart(base / "good.scpack")
    path = signed_zip(dst, entries, {**manifest, "bundle_id": uuid7()}, fresh_signer())
    data = path.read_bytes()
    at = data.index(SERIES.encode())
    path.write_bytes(data[:at] + "杭东".encode() + data[at + len("杭东".encode()):])
    return path


def blocks_bomb(hq, base, field_id, dst):
    """A number-block part inflating to 256 MiB, signed by headquarters' real key."""
    entries, manifest = take_apart(base / "good.scpack")
    part = next(e for e in entries if e.name == BLOCKS).data
    header, rows = part.split(b"\n", 1)
    huge = bomb(BLOCKS, header + b"\n", rows * (2**20 // len(rows) + 1), 256)
    entries = [huge if e.name == BLOCKS else e for e in entries]
    return signed_zip(dst, entries, {**manifest, "bundle_id": uuid7()}, device_signer(hq))


CASES = {
    "year_in_chinese_numerals": (pack_with_blocks((None, SERIES, "二〇二六", 201, 300)),
                                 "编号段无效：年份 '二〇二六' 无效"),
    "negative_numbers": (pack_with_blocks((None, SERIES, 2026, -5, -1)),
                         "编号段无效：编号 -5--1 无效"),
    "first_after_last": (pack_with_blocks((None, SERIES, 2026, 300, 201)), "编号 300-201 无效"),
    "year_not_a_whole_number": (pack_with_blocks((None, SERIES, 2026.5, 201, 300)),
                                "年份 2026.5 无效"),
    "reaches_into_used_numbers": (pack_with_blocks((None, SERIES, 2027, 1, 50),
                                                   (None, SERIES, 2026, 102, 150)),
                                  "编号段 102-150 与本机已用的编号（已用到 102 号）重叠"),
    "two_devices_share_numbers": (pack_with_blocks((None, SERIES, 2026, 201, 300),
                                                   ("another-device", SERIES, 2026, 250, 400)),
                                  "编号段 250-400 与.*编号段 201-300 重叠"),
    "checklist_yaml_not_text": (pack_with_rows("checklist", list(CHECKLIST_COLUMNS), lambda _: [
        ["0" * 64, "custom", "1", "自定义", "general", None, 1, 5]]), "检查表 'custom' 的内容不是文本"),
    "enterprise_name_is_a_list": (enterprise_named(["杭州堃喆机械制造有限公司"]),
                                  r"企业记录 \S+ 的字段 name 的值 \['杭州堃喆机械制造有限公司'\] 无效（应为文本）"),
    "enterprise_name_with_a_control_character": (
        enterprise_named("杭州堃喆\x07机械"), r"字段 name 的值 '杭州堃喆\\x07机械' 无效（应为单位名称"),
    "nested_manifest": (nested_manifest, "清单无法读取：JSON 嵌套过深"),
    "appended_data": (appended, "结束记录之后还有 10 字节的附加数据"),
    "unknown_key_checked_before_parts": (unknown_key_damaged, "未登记的设备「陌生设备」"),
    "zip_bomb_from_headquarters": (blocks_bomb, "number_block.ndjson 是压缩存储的"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_pack_is_refused_and_changes_nothing(case, sites, field, tmp_path):
    hq, base, field_id = sites
    make, reason = CASES[case]
    path = make(hq, base, field_id, tmp_path / f"{case}.sitecheck")
    peak = refused_everywhere(field, reason, lambda ws: import_pack(ws, path),
                              "pack", "import", path)
    assert peak < 200 * 1024, "nothing large was read or inflated"


def test_valid_new_block_is_taken_and_numbers_go_on(sites, field, tmp_path):
    """The pack writer above makes packs the laptop accepts: a fresh block is installed."""
    hq, base, field_id = sites
    path = pack_with_blocks((None, SERIES, 2026, 101, 200), (None, SERIES, 2027, 1, 50))(
        hq, base, field_id, tmp_path / "ok.sitecheck")
    with Workspace.open(field) as ws:
        assert import_pack(ws, path).added["number_block"] == 1
        issue(ws)
        assert "杭西应急责改〔2026〕103号" in {d.number for d in ws.documents()}
