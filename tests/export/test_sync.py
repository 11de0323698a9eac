"""Field -> headquarters sync: order-independent, idempotent merge; refusals; crashes."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected
from checklists.common.vocabulary import FindingState
from export.sync import container
from export.sync.bundle import export_bundle, import_bundles, trust_device_card, write_device_card
from storage.demo import fill
from storage.ledger import ledger_rows, statistics
from storage.sync import devices, merging, selection
from storage.sync.merging import conflicts
from storage.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 20)
TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "finding_event",
          "photo", "document", "blob")


def device_ws(path: Path, seed: int, inspections: int = 2, photos: bool = False) -> Workspace:
    ws = Workspace.open(path)
    fill(ws, inspections=inspections, photos=photos, seed=seed, today=TODAY)
    return ws


def advance_some(ws: Workspace) -> None:
    """Edits after a first export: move open findings on, so a second bundle has news."""
    for finding in ws.findings():
        if finding.state == FindingState.OPEN:
            ws.transition(finding.id, FindingState.ORDERED)
        elif finding.state == FindingState.ORDERED:
            ws.transition(finding.id, FindingState.RECTIFIED)


def snapshot(ws: Workspace) -> dict:
    """Everything that must be identical whatever the import order."""
    out = {}
    for table in TABLES:
        key = "sha256" if table == "blob" else "id"
        out[table] = ws.db.execute(f"SELECT * FROM [{table}] ORDER BY {key}").fetchall()
    out["audit"] = ws.db.execute("SELECT id, device_id, device_seq, hash FROM audit_event "
                                 "WHERE device_id != ? ORDER BY device_id, device_seq",
                                 [ws.device_id]).fetchall()
    out["ledger"] = list(ledger_rows(ws, today=TODAY))
    out["stats"] = {by: statistics(ws, by=by, today=TODAY)
                    for by in ("district", "enterprise", "equipment_kind", "inspector", "month")}
    return out


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("devices")
    out = {}
    for name, seed, photos in (("a", 11, True), ("b", 22, False), ("c", 33, False)):
        with device_ws(base / f"{name}.sqlite", seed, photos=photos) as ws:
            export_bundle(ws, base / f"{name}1.zip")
            advance_some(ws)
            export_bundle(ws, base / f"{name}2.zip")
            export_bundle(ws, base / f"{name}-all.zip", everything=True)
            out[f"{name}-snapshot"] = snapshot(ws)["ledger"]
            write_device_card(ws, base / f"{name}.card")
        for key in (f"{name}1", f"{name}2", f"{name}-all"):
            out[key] = base / f"{key}.zip"
        out[f"{name}.card"] = base / f"{name}.card"
    return out


def hq_with(path: Path, files: list[Path], *, one_by_one: bool = True) -> dict:
    with Workspace.open(path) as hq:
        if one_by_one:
            for f in files:
                import_bundles(hq, [f], trust=True)
        else:
            import_bundles(hq, files, trust=True)
        assert hq.audit_verify() == []
        return snapshot(hq)


def test_any_order_and_twice_gives_the_same_headquarters(bundles, tmp_path):
    b = bundles
    first = hq_with(tmp_path / "hq1.sqlite", [b["a1"], b["a2"], b["b1"], b["b2"], b["c1"], b["c2"]])
    second = hq_with(tmp_path / "hq2.sqlite",
                     [b["c2"], b["a2"], b["b1"], b["c1"], b["a1"], b["b2"], b["a2"], b["c1"]])
    third = hq_with(tmp_path / "hq3.sqlite", [b["b-all"], b["a-all"], b["c-all"], b["a1"], b["c2"]],
                    one_by_one=False)
    assert first == second == third
    assert len(first["ledger"]) == sum(len(b[f"{n}-snapshot"]) for n in "abc")
    assert first["blob"], "photos travel"


# print renditions are local: made on import of a photo, never carried in a bundle
CARRIED_BLOBS = "SELECT * FROM blob WHERE sha256 NOT IN (SELECT print_sha256 FROM print_rendition) ORDER BY 1"


def test_headquarters_rows_equal_the_devices_rows(tmp_path):
    with device_ws(tmp_path / "f.sqlite", 3, photos=True) as ws:
        export_bundle(ws, tmp_path / "all.zip", everything=True)
        assert ws.execute("SELECT count(*) FROM print_rendition").fetchone()[0] > 0
        device = {t: ws.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in TABLES}
        device["blob"] = ws.execute(CARRIED_BLOBS).fetchall()
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        import_bundles(hq, [tmp_path / "all.zip"], trust=True)
        here = {t: hq.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in TABLES}
        assert hq.audit_verify() == []
    assert here == device and device["photo"] and device["blob"]


def test_values_travel_exactly(tmp_path):
    """SQLite prints REALs with 15 digits; the export must not (row hashes would differ)."""
    values = [(0.1 + 0.2, 2**62, 'a"\\\n\t\u00e9\u2028中'), (30.274083333333333, -7, ""),
              (1e300, 0, None), (float("inf"), None, "[1]"), (5e-324, 1, "0.1")]
    with Workspace.open(None) as ws:
        ws.execute("CREATE TEMP TABLE t (id INTEGER, r REAL, i INTEGER, s TEXT)")
        ws.conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)",
                            [(n, *v) for n, v in enumerate(values)])
        src = selection.source(ws, "t", "1", order="id")
        data = b"".join(selection.ndjson_chunks(ws, src))
    rows = container._parse_ndjson(data, Path("x.zip"), "records/t.ndjson")
    assert rows.columns == ["id", "r", "i", "s"]
    assert [tuple(r[1:]) for r in rows.rows] == values
    assert [type(r[2]) for r in rows.rows] == [int, int, int, type(None), int]


def test_later_bundle_fills_the_gap_of_a_partial_one(bundles, tmp_path):
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        import_bundles(hq, [bundles["a2"]], trust=True)
        partial = hq.db.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
        import_bundles(hq, [bundles["a1"]])
        assert hq.audit_verify() == []
        full = {r.finding_id: r.state for r in ledger_rows(hq, today=TODAY)}
    device_view = {r.finding_id: r.state for r in bundles["a-snapshot"]}
    assert partial < len(full) == len(device_view)
    assert full == device_view


def test_reimport_reports_no_change_and_leaves_file_identical(bundles, tmp_path):
    hq_file = tmp_path / "hq.sqlite"
    with Workspace.open(hq_file) as hq:
        first = import_bundles(hq, [bundles["b1"]], trust=True)[0]
    assert first.added["finding"] > 0 and first.new_device
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq:
        again = import_bundles(hq, [bundles["b1"]])[0]
    assert again.already_imported and "无变化" in again.summary()
    assert file_hash(hq_file) == before


def test_incremental_export_holds_only_news_and_advances_after_write(tmp_path):
    with device_ws(tmp_path / "f.sqlite", 5) as ws:
        full = export_bundle(ws, tmp_path / "1.zip")
        empty = export_bundle(ws, tmp_path / "2.zip")
        finding = ws.findings()[0]
        ws.update_finding(finding.id, note="补充说明")
        one = export_bundle(ws, tmp_path / "3.zip")
        again_all = export_bundle(ws, tmp_path / "4.zip", everything=True)
    assert full.records > 100 and empty.records == 0
    assert one.manifest["counts"]["finding"] == 1
    assert again_all.records >= full.records


def test_device_card_registers_the_device(bundles, tmp_path):
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        with pytest.raises(BundleRejected, match="未登记的设备"):
            import_bundles(hq, [bundles["c1"]])
        info = trust_device_card(hq, bundles["c.card"])
        report = import_bundles(hq, [bundles["c1"]])[0]
    assert info.trusted and report.device_id == info.id and not report.new_device


def test_same_document_number_from_two_devices_is_reported(tmp_path):
    def issue(ws: Workspace) -> None:
        inspection = ws.inspections()[0]
        ws.issue_document(inspection.id, "order", series="X", format_number=lambda n, y: f"杭安指〔{y}〕{n}号",
                          render=lambda number, at: (f"%PDF {number} {ws.device_id}".encode(), "h"),
                          issued_at=datetime(2026, 11, 1, 9, 0).astimezone())

    paths = []
    for name, seed in (("x", 1), ("y", 2)):
        with device_ws(tmp_path / f"{name}.sqlite", seed, inspections=1) as ws:
            issue(ws)
            export_bundle(ws, tmp_path / f"{name}.zip")
        paths.append(tmp_path / f"{name}.zip")
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        first, second = import_bundles(hq, paths, trust=True)
        assert first.added["document"] == 1 and not first.conflicts
        assert [c.kind for c in second.conflicts] == ["document_number"]
        assert "杭安指〔2026〕1号" in str(second.conflicts[0])
        assert [c.kind for c in conflicts(hq)] == ["document_number"]
        # the refused document is missing at headquarters, and the audit check says so
        assert [p.message for p in hq.audit_verify()] == \
            [f"document 记录 {second.conflicts[0].entity_id} 已不存在"]


# ----- refusals: each leaves the headquarters file byte-for-byte unchanged -------------
@pytest.fixture()
def hq_file(tmp_path) -> Path:
    path = tmp_path / "hq.sqlite"
    with Workspace.open(path) as hq:
        hq.add_enterprise(name="局机关测试单位")
    return path


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    base = tmp_path_factory.mktemp("field")
    ws = device_ws(base / "f.sqlite", 7, inspections=1, photos=True)
    export_bundle(ws, base / "good.zip")
    yield ws, base / "good.zip"
    ws.close()


def resign(ws: Workspace, src: Path, dst: Path, *, manifest_edit=None, part_edit=None,
           extra: dict[str, bytes] | None = None, signature: bool = True) -> Path:
    """Rewrite a bundle with a change, re-signed by the same device (so only the change is wrong)."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if not n.startswith("manifest")}
        manifest = json.loads(zf.read("manifest.json"))
    for name, data in (extra or {}).items():
        members[name] = data
    if part_edit:
        members = part_edit(members)
    manifest["parts"] = [{"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                         for n, d in members.items()]
    if manifest_edit:
        manifest_edit(manifest)
    body = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", body)
        if signature:
            zf.writestr("manifest.sig", devices.sign(ws, body))
    return dst


def foreign_finding(members: dict[str, bytes]) -> dict[str, bytes]:
    header, first, *rest = members["records/finding.ndjson"].decode().splitlines()
    row = json.loads(first)
    row[json.loads(header).index("device_id")] = "01a00000-0000-7000-8000-000000000000"
    members["records/finding.ndjson"] = ("\n".join([header, json.dumps(row), *rest]) + "\n").encode()
    return members


def truncated(ws, good, dst):
    dst.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return dst


def bit_flipped(ws, good, dst):
    data = bytearray(good.read_bytes())
    data[len(data) // 3] ^= 0x10
    dst.write_bytes(bytes(data))
    return dst


REFUSALS = {
    "truncated": (truncated, "不完整或已损坏"),
    "bit_flipped": (bit_flipped, "损坏|不符|签名无效"),
    "unsigned": (lambda ws, good, dst: resign(ws, good, dst, signature=False), "未签名"),
    "wrong_version": (lambda ws, good, dst: resign(
        ws, good, dst, manifest_edit=lambda m: m.update(version=99)), "格式版本为 99"),
    "path_traversal": (lambda ws, good, dst: resign(
        ws, good, dst, extra={"../../evil.sh": b"rm -rf /"}), "不允许的成员名"),
    "foreign_device_id": (lambda ws, good, dst: resign(ws, good, dst, part_edit=foreign_finding),
                          "声称属于另一台设备"),
    "tampered_after_signing": (lambda ws, good, dst: _tamper_unsigned(good, dst), "SHA-256 与清单不符"),
    "tampered_photo": (lambda ws, good, dst: _tamper_unsigned(good, dst, blob=True), "SHA-256 与清单不符"),
    "short_row": (lambda ws, good, dst: resign(ws, good, dst, part_edit=short_row), "字段与本程序不符"),
}


def short_row(members: dict[str, bytes]) -> dict[str, bytes]:
    header, first, *rest = members["records/answer.ndjson"].decode().splitlines()
    members["records/answer.ndjson"] = ("\n".join([header, json.dumps(json.loads(first)[:-1]), *rest])
                                        + "\n").encode()
    return members


def _tamper_unsigned(good: Path, dst: Path, *, blob: bool = False) -> Path:
    """Change one part after signing (a finding row's bytes, or the last photo's last byte)."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(dst, "w") as out:
        photo = max(n for n in src.namelist() if n.startswith("blobs/"))
        for name in src.namelist():
            data = src.read(name)
            if name == "records/finding.ndjson" and not blob:
                header, first, rest = data.split(b"\n", 2)
                assert first.startswith(b'["')               # the row's id, a UUID in hex
                digit = b"e" if first[2:3] == b"f" else b"f"
                first = first[:2] + digit + first[3:]         # same size, still valid JSON
                data = b"\n".join([header, first, rest])
            if name == photo and blob:
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.writestr(name, data)
    return dst


def test_photo_changed_after_signing_is_refused_alone_and_changes_nothing(field, hq_file, tmp_path):
    """Blobs are hashed while merging: a bad one found late rolls the whole import back."""
    ws, good = field
    bad = _tamper_unsigned(good, tmp_path / "bad.zip", blob=True)
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq:
        with pytest.raises(BundleRejected, match="SHA-256 与清单不符"):
            import_bundles(hq, [bad], trust=True)
        assert devices.device(hq, ws.device_id) is None, "the trust was rolled back too"
    assert file_hash(hq_file) == before


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusal_leaves_headquarters_untouched(case, field, hq_file, tmp_path):
    ws, good = field
    make, reason = REFUSALS[case]
    bad = make(ws, good, tmp_path / f"{case}.zip")
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq, pytest.raises(BundleRejected, match=reason):
        import_bundles(hq, [bad], trust=True)
    assert file_hash(hq_file) == before
    # Files merge one transaction each: the good one before it stays, whole and checked.
    with Workspace.open(hq_file) as hq, pytest.raises(BundleRejected, match=reason):
        import_bundles(hq, [good, bad], trust=True)
    with Workspace.open(hq_file) as hq:
        assert hq.execute("SELECT COUNT(*) FROM sync_import").fetchone()[0] <= 1
        assert hq.audit_verify() == []


def test_refuses_unknown_key_and_over_size(field, hq_file):
    _ws, good = field
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq:
        with pytest.raises(BundleRejected, match=r"未登记的设备.*密钥指纹"):
            import_bundles(hq, [good])
        with pytest.raises(BundleRejected, match="超过上限"):
            import_bundles(hq, [good], trust=True, max_size=10_000)
    assert file_hash(hq_file) == before


def test_refuses_key_that_differs_from_the_registered_one(field, hq_file, tmp_path):
    ws, good = field
    with Workspace.open(hq_file) as hq:
        devices.register_device(hq, ws.device_id, "冒名", bytes(32))
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq, pytest.raises(BundleRejected, match="签名密钥与已登记的设备"):
        import_bundles(hq, [good], trust=True)
    assert file_hash(hq_file) == before


# ----- a process killed mid-export or mid-import leaves the old state or the new -------
def run_until_paused(args: list[str], point: str) -> None:
    env = {**os.environ, "SITECHECK_SYNC_PAUSE": point, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(REPO / "main.py"), *args], env=env,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = proc.stderr.readline()
        assert f"SITECHECK-PAUSED {point}" in line, line
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_killed_export_leaves_no_file_and_no_mark(tmp_path):
    field_file = tmp_path / "f.sqlite"
    device_ws(field_file, 9, inspections=1, photos=True).close()
    out = tmp_path / "out.zip"
    run_until_paused(["--workspace", str(field_file), "sync", "export", "--out", str(out)], "export")
    assert not out.exists()
    with Workspace.open(field_file) as ws:
        result = export_bundle(ws, out)
    assert result.records > 0 and result.blobs > 0, "the killed export did not advance the mark"
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" not in p.name) == \
        ["f.sqlite", "out.zip"] or out.exists()


def test_killed_import_leaves_headquarters_as_before(field, hq_file):
    _ws, good = field
    with Workspace.open(hq_file) as hq:
        before = snapshot(hq)
    run_until_paused(["--workspace", str(hq_file), "sync", "import", "--trust", str(good)], "import")
    with Workspace.open(hq_file) as hq:
        assert snapshot(hq) == before
        assert hq.audit_verify() == []
        report = import_bundles(hq, [good], trust=True)[0]
        assert report.added["finding"] > 0


# ----- speed work must not change what is verified or stored ---------------------------
def test_blobs_read_ahead_in_any_budget_give_the_same_rows(bundles, tmp_path, monkeypatch):
    """The worker that hashes blobs ahead of the merge, with a tiny and a huge budget."""
    results = []
    for budget in (1, 1 << 30):
        monkeypatch.setattr(container, "READ_AHEAD", budget)
        with Workspace.open(tmp_path / f"hq{budget}.sqlite") as hq:
            import_bundles(hq, [bundles["a-all"], bundles["b-all"]], trust=True)
            results.append(hq.execute("SELECT sha256, size, data FROM blob ORDER BY 1").fetchall())
    assert results[0] == results[1] and results[0]


def test_blob_out_of_order_is_still_checked(field):
    _ws, good = field
    signed = container.open_signed(good, kind="bundle")
    try:
        names = signed.blob_names()
        last = signed.read_blob(names[-1])            # out of order: read directly
        assert hashlib.sha256(last).hexdigest() == names[-1]
        assert [hashlib.sha256(signed.read_blob(n)).hexdigest() for n in names[:-1]] == names[:-1]
    finally:
        signed.close()


def test_import_is_committed_before_the_checkpoint(field, hq_file):
    """Without the checkpoint the merged pages live in the WAL: committed (another
    connection reads them) while the database file itself is unchanged."""
    _ws, good = field
    before = file_hash(hq_file)
    with Workspace.open(hq_file) as hq:
        report = import_bundles(hq, [good], trust=True, checkpoint=False)[0]
        assert file_hash(hq_file) == before
        with Workspace.open(hq_file) as other:
            found = other.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
        assert found == report.added["finding"] > 0
        assert hq.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        merging.checkpoint(hq)
        assert file_hash(hq_file) != before


@pytest.mark.parametrize("data, line", [
    (b'["a"]\n[1]\n[2\n[3]\n', 3),                 # broken JSON
    (b'["a"]\n[1]\n[2],[3]\n', 3),                 # two rows on one line
    (b'["a"]\n[1]\n\n[3]\n', 3),                   # empty line
    (b'["a", 1]\n[1]\n', 1),                       # header not all names
    (b'{"a": 1}\n[1]\n', 1),                       # header not a list
])
def test_bad_record_lines_are_named(data, line):
    with pytest.raises(BundleRejected, match=f"第 {line} 行"):
        container._parse_ndjson(data, Path("x.zip"), "records/t.ndjson")


def test_records_part_without_final_newline_or_rows():
    parse = container._parse_ndjson
    assert parse(b'["a", "b"]\n[1, "x"]', Path("x.zip"), "r").rows == [[1, "x"]]
    assert parse(b'["a"]', Path("x.zip"), "r").rows == []
    assert parse(b'["a"]\n', Path("x.zip"), "r").columns == ["a"]


def test_cli_import_prints_the_report_and_keeps_the_rows(field, hq_file):
    _ws, good = field
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "--workspace", str(hq_file),
                           "sync", "import", "--trust", str(good)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "新增：" in done.stdout and "新登记" in done.stdout
    with Workspace.open(hq_file) as hq:
        assert hq.execute("SELECT COUNT(*) FROM finding").fetchone()[0] > 0
        assert hq.audit_verify() == []
