"""Forged and invalid rows in signed bundles, and every row of a device travelling.

Each bad bundle is a real export of a demo field workspace, changed, and signed
again with that device's real key (a trusted device forging).  Each must be
refused with a message that names what is wrong, leave the headquarters file
byte-for-byte as it was, and leave ``audit verify`` clean.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected
from checklists.common.progress import Cancelled
from export.sync import container
from export.sync.bundle import export_bundle, import_bundles
from storage import audit, bench_data
from storage.sync import merging
from storage.workspace import Workspace
from tests.export.test_sync import _tamper_unsigned, device_ws, file_hash, resign

FOREIGN = "01a00000-0000-7000-8000-00000000dead"


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    base = tmp_path_factory.mktemp("forged")
    ws = device_ws(base / "f.sqlite", 5, inspections=1, photos=True)
    export_bundle(ws, base / "good.zip")
    yield ws, base / "good.zip"
    ws.close()


@pytest.fixture()
def hq_file(tmp_path) -> Path:
    path = tmp_path / "hq.sqlite"
    with Workspace.open(path) as hq:
        hq.add_enterprise(name="局机关测试单位")
    return path


def edit_rows(table: str, change):
    """A ``part_edit`` for ``resign``: ``change(columns, rows)`` edits the rows of one part."""
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        header, *lines = members[f"records/{table}.ndjson"].decode().splitlines()
        cols, rows = json.loads(header), [json.loads(line) for line in lines]
        change(cols, rows)
        body = "\n".join([header, *(json.dumps(r, ensure_ascii=False) for r in rows)]) + "\n"
        members[f"records/{table}.ndjson"] = body.encode()
        return members
    return edit


def set_value(table: str, column: str, value, row: int = 0):
    def change(cols, rows):
        rows[row][cols.index(column)] = value
    return edit_rows(table, change)


def extra_finding(cols, rows):
    """A copy of a finding under a new id: a row no audit event vouches for."""
    rows.append([FOREIGN if c == "id" else v for c, v in zip(cols, rows[0])])


def forged_with_its_event(members: dict[str, bytes]) -> dict[str, bytes]:
    """Change a finding and the row hash in its latest event (the event's own hash then
    no longer matches its content)."""
    header, first = members["records/finding.ndjson"].decode().splitlines()[:2]
    cols, row = json.loads(header), json.loads(first)
    row[cols.index("description")] = "已整改完毕"
    members = set_value("finding", "description", "已整改完毕")(members)
    digest = audit.row_hash(dict(zip(cols, row)))

    def change(ecols, events):
        mine = [e for e in events if e[ecols.index("entity_id")] == row[cols.index("id")]]
        payload = json.loads(mine[-1][ecols.index("payload")])
        mine[-1][ecols.index("payload")] = audit.canonical({**payload, "row": digest})
    return edit_rows("audit_event", change)(members)


def deep_row(members: dict[str, bytes]) -> dict[str, bytes]:
    name = "records/answer.ndjson"
    header, _first, *rest = members[name].split(b"\n")
    members[name] = b"\n".join([header, b"[" * 100_000 + b"]" * 100_000, *rest])
    return members


FORGED = {
    "row_changed_after_writing": (set_value("finding", "description", "已整改完毕"),
                                  r"隐患记录 \S+ 与签名的审计事件不符"),
    "row_and_its_event_changed": (forged_with_its_event,
                                  r"审计事件 #\d+ 的哈希与其内容或前一事件不符"),
    "state_out_of_vocabulary": (set_value("finding", "state", "pwned"),
                                r"隐患记录 \S+ 的字段 state 的值 'pwned' 无效（应为closed、"),
    "level_out_of_vocabulary": (set_value("finding", "level", "apocalyptic"),
                                r"字段 level 的值 'apocalyptic' 无效"),
    "sector_out_of_vocabulary": (set_value("enterprise", "sector", "casino"),
                                 r"企业记录 \S+ 的字段 sector 的值 'casino' 无效"),
    "nan_coordinate": (set_value("photo", "gps_lat", float("nan")),
                       r"照片记录 \S+ 的字段 gps_lat 的值 nan 无效（应为有限的数值）"),
    "infinite_coordinate": (set_value("photo", "gps_lon", float("inf")),
                            r"字段 gps_lon 的值 inf 无效"),
    "number_as_text": (set_value("finding", "description", 12345),
                       r"字段 description 的值 12345 无效（应为文本）"),
    "missing_required": (set_value("inspection", "started_at", None),
                         r"检查记录 \S+ 的字段 started_at 的值 None 无效（应为必填"),
    "bad_timestamp": (set_value("finding", "updated_at", "yesterday"),
                      r"字段 updated_at 的值 'yesterday' 无效（应为时间"),
    "bad_id": (set_value("answer", "inspection_id", "../../etc"),
               r"检查项答题记录 \S+ 的字段 inspection_id 的值 '../../etc' 无效（应为UUID"),
    "deep_json_in_a_value": (set_value("finding", "basis", "[" * 100_000 + "]" * 100_000),
                             r"字段 basis 的值 '\[\[\[\[*… 无效（应为JSON 数组）"),
    "control_character_in_a_name": (set_value("enterprise", "name", "公司\x07名"),
                                    r"企业记录 \S+ 的字段 name 的值 '公司\\x07名' 无效（应为单位名称：不超过 100 个字"),
    "overlong_name": (set_value("enterprise", "name", "厂" * 8000),
                      r"字段 name 的值 '厂厂厂.*无效（应为单位名称：不超过 100 个字、单行、不含控制字符的文字）"),
    "deep_nested_row": (deep_row, r"records/answer.ndjson 第 2 行不是有效的 JSON 记录"),
}


def refused_and_untouched(hq_file: Path, files: list[Path], reason: str) -> None:
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq:
        with pytest.raises(BundleRejected, match=reason):
            import_bundles(hq, files, trust=True)
        assert hq.audit_verify() == []
    assert file_hash(hq_file) == before


@pytest.mark.parametrize("case", sorted(FORGED))
def test_forged_or_invalid_row_is_refused_and_changes_nothing(case, field, hq_file, tmp_path):
    ws, good = field
    edit, reason = FORGED[case]
    bad = resign(ws, good, tmp_path / f"{case}.zip", part_edit=edit)
    refused_and_untouched(hq_file, [bad], reason)


def test_row_without_an_event_is_refused(field, hq_file, tmp_path):
    ws, good = field
    bad = resign(ws, good, tmp_path / "extra.zip", part_edit=edit_rows("finding", extra_finding),
                 manifest_edit=lambda m: m["counts"].update(finding=m["counts"]["finding"] + 1))
    refused_and_untouched(hq_file, [bad], f"隐患记录 {FOREIGN} 没有任何审计事件为其作证")


def test_forged_copy_of_a_good_bundle_in_the_same_import_is_refused(field, hq_file, tmp_path):
    """The same signed bundle id twice: the second copy's rows are still checked."""
    ws, good = field
    bad = resign(ws, good, tmp_path / "bad.zip",
                 part_edit=set_value("finding", "description", "已整改完毕"))
    refused_and_untouched(hq_file, [good, bad], "与签名的审计事件不符")


def test_reference_to_nowhere_is_refused(tmp_path, hq_file):
    """A device whose own (audited) finding points at an inspection that exists nowhere."""
    with device_ws(tmp_path / "f.sqlite", 6, inspections=1) as ws:
        finding = ws.findings()[0]
        ws.execute("PRAGMA foreign_keys = OFF")
        with ws.transaction():
            ws.execute("UPDATE finding SET inspection_id = ? WHERE id = ?", [FOREIGN, finding.id])
            ws._audit("update", "finding", finding.id)
        export_bundle(ws, tmp_path / "dangling.zip", everything=True)
    refused_and_untouched(hq_file, [tmp_path / "dangling.zip"],
                          f"隐患记录 {finding.id} 的字段 inspection_id 引用的检查 {FOREIGN!r} "
                          "在数据包和本工作区中都不存在")


# ----- every row of the device travels ---------------------------------------------------
def test_bulk_filled_workspace_exports_every_row(tmp_path):
    with device_ws(tmp_path / "f.sqlite", 8, inspections=1) as ws:
        bench_data.add_findings(ws, 5000)
        assert ws.audit_verify() == []
        result = export_bundle(ws, tmp_path / "all.zip")
        mine = ws.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
    assert result.manifest["counts"]["finding"] == mine > 5000
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        import_bundles(hq, [tmp_path / "all.zip"], trust=True)
        assert hq.execute("SELECT COUNT(*) FROM finding").fetchone()[0] == mine
        assert hq.audit_verify() == []


def test_rows_of_an_older_batch_insert_are_vouched_for_and_travel(tmp_path):
    """A workspace whose bulk rows carry only one batch event (as older programs wrote)."""
    with device_ws(tmp_path / "f.sqlite", 9, inspections=1) as ws:
        template = dict(ws.query("SELECT * FROM finding LIMIT 1").__next__())
        rows = [{**template, "id": f"01a00000-0000-7000-8000-{n:012x}"} for n in range(300)]
        with ws.transaction():
            ws.conn.executemany(f"INSERT INTO finding ({', '.join(template)}) VALUES "
                                f"({', '.join('?' for _ in template)})",
                                [list(r.values()) for r in rows])
            audit.append(ws.conn, device_id=ws.device_id, at=ws.now(), action="bulk_insert",
                         entity="finding", entity_id="*", payload={"count": 300})
        export_bundle(ws, tmp_path / "all.zip")
        assert ws.audit_verify() == []
        mine = ws.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
        again = export_bundle(ws, tmp_path / "again.zip")
    assert again.manifest["counts"].get("finding", 0) == 0, "vouched for once, not again"
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        import_bundles(hq, [tmp_path / "all.zip"], trust=True)
        assert hq.execute("SELECT COUNT(*) FROM finding").fetchone()[0] == mine
        assert hq.audit_verify() == []


# ----- the merge reads rows in batches, with progress and cancel -------------------------
@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("big")
    with device_ws(base / "f.sqlite", 10, inspections=1) as ws:
        bench_data.add_findings(ws, 5000)
        export_bundle(ws, base / "big.zip")
    return base / "big.zip"


def rows_of(path: Path) -> dict:
    with Workspace.open(path) as hq:
        return {t: hq.execute(f"SELECT * FROM [{t}] ORDER BY id").fetchall()
                for t in ("finding", "finding_event", "enterprise", "inspection", "answer")}


def test_small_batches_give_the_same_rows(big, tmp_path, monkeypatch):
    for size in (7, 100_000):
        monkeypatch.setattr(container, "BATCH_ROWS", size)
        with Workspace.open(tmp_path / f"hq{size}.sqlite") as hq:
            import_bundles(hq, [big], trust=True)
            assert hq.audit_verify() == []
    assert rows_of(tmp_path / "hq7.sqlite") == rows_of(tmp_path / "hq100000.sqlite")


class Recorder:
    """A Progress that records every report and cancels after ``stop_after`` of them."""

    def __init__(self, seen: list, stop_after: int | None = None) -> None:
        self.seen, self.stop_after = seen, stop_after

    def report(self, done: int, total: int, text: str = "") -> None:
        self.seen.append((done, total))

    def check(self) -> None:
        if self.stop_after is not None and len(self.seen) >= self.stop_after:
            raise Cancelled()


def test_progress_per_batch_and_cancel_changes_nothing(big, hq_file, monkeypatch):
    monkeypatch.setattr(container, "BATCH_ROWS", 500)
    seen: list[tuple[int, int]] = []
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq, pytest.raises(Cancelled, match="导入已取消"):
        import_bundles(hq, [big], trust=True, progress=Recorder(seen, stop_after=2))
    assert file_hash(hq_file) == before
    assert len(seen) == 2 and seen[0][0] < seen[1][0] < seen[1][1]
    seen.clear()
    with Workspace.open(hq_file) as hq:
        import_bundles(hq, [big], trust=True, progress=Recorder(seen))
    assert len(seen) >= seen[-1][1] // 500 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def merge_streamed(hq: Workspace, path: Path) -> None:
    """Merge with the records parts read (and hashed) from the zip while merging, as when
    the verification does not keep them in memory."""
    signed = container.open_signed(path, kind="bundle", vouch=lambda _signed: True)
    try:
        register = (signed.manifest["device"]["name"], signed.public_key)
        merging.merge(hq, signed.manifest, signed.record_parts(), signed.blob_names(),
                   signed.read_blob, register=register)
    finally:
        signed.close()


def test_records_read_from_the_zip_while_merging(big, field, tmp_path, monkeypatch):
    monkeypatch.setattr(container, "BATCH_ROWS", 300)
    with Workspace.open(tmp_path / "streamed.sqlite") as hq:
        merge_streamed(hq, big)
        assert hq.audit_verify() == []
    with Workspace.open(tmp_path / "whole.sqlite") as hq:
        import_bundles(hq, [big], trust=True)
    assert rows_of(tmp_path / "streamed.sqlite") == rows_of(tmp_path / "whole.sqlite")
    bad = _tamper_unsigned(field[1], tmp_path / "bad.zip")
    hq_file = tmp_path / "streamed.sqlite"
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq, \
            pytest.raises(BundleRejected, match=r"finding\.ndjson 的 SHA-256 与清单不符"):
        merge_streamed(hq, bad)
    assert file_hash(hq_file) == before
