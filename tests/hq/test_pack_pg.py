"""Packs from a PostgreSQL headquarters: made at the issuing desk (its workspace keeps the
signing key, checklists, number blocks), with the enterprise and equipment registries the
field's bundles brought into the database (docs/headquarters.md, Packs and the signing key)."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected
from export.sync.bundle import export_bundle, import_bundles
from export.sync.container import open_signed
from export.sync.hq import import_to_hq
from export.sync.pack import export_pack, import_pack
from storage.hq import ENV, open_hq
from storage.sync.packs import assign_block, united
from storage.workspace import Workspace
from tests.equipment_sample import CHECKLIST
from tests.faults.hostile import replace_part, run_cli, stored, take_apart, write_zip

from .test_postgres import login

T0 = datetime(2026, 11, 20, 9, 0).astimezone()
T1 = T0 + timedelta(hours=2)
SERIES = "杭西应急责改"


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def opened(path: Path, clock: Clock | None = None) -> Workspace:
    return Workspace.open(path, clock=clock or Clock(T0))


def field_bundle(tmp_path: Path, pg_url: str) -> tuple[Path, Clock]:
    """Laptop A registers an enterprise with a boiler and one without equipment; its bundle
    is merged into PostgreSQL.  Returns A's workspace file and its clock."""
    clock = Clock(T0)
    with opened(tmp_path / "a.sitecheck", clock) as a:
        ent = a.add_enterprise(name="杭州新登记机械有限公司", district="西湖区", phone="0571-87654321")
        a.add_equipment(ent.id, kind="boiler", name="2号锅炉", location="锅炉房")
        a.add_enterprise(name="杭州另一机械有限公司", district="西湖区")
        export_bundle(a, tmp_path / "a1.scbundle")
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [tmp_path / "a1.scbundle"], trust=True)
    return tmp_path / "a.sitecheck", clock


def desk_workspace(path: Path, laptop_id: str, clock: Clock | None = None) -> Workspace:
    """The issuing desk: its own checklist, enterprise and a number block for a laptop."""
    desk = opened(path, clock)
    desk.install_checklist(CHECKLIST, "局机关检查表.yaml")
    desk.add_enterprise(name="局机关登记的企业", district="上城区")
    assign_block(desk, laptop_id, SERIES, 2026, 101, 200)
    return desk


def names(ws: Workspace) -> list[str]:
    return sorted(e.name for e in ws.enterprises())


def test_a_pack_from_the_desk_carries_what_the_field_registered_in_postgresql(
        tmp_path, pg_cluster, pg_url):
    field_bundle(tmp_path, pg_url)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")     # reading is enough
    with opened(tmp_path / "b.sitecheck") as b:
        b_id = b.device_id
    with desk_workspace(tmp_path / "desk.sitecheck", b_id) as desk:
        manifest = export_pack(desk, tmp_path / "pack", hq_url=clerk)
        assert names(desk) == ["局机关登记的企业"]          # nothing was written into the desk
    counts = manifest["counts"]
    assert (counts["enterprise"], counts["enterprise_from_hq"]) == (3, 2)
    assert (counts["equipment"], counts["equipment_from_hq"]) == (1, 1)
    assert (counts["checklist"], counts["number_block"]) == (1, 1)

    with opened(tmp_path / "b.sitecheck") as b:              # a second laptop installs it
        report = import_pack(b, tmp_path / "pack.scpack", trust=True)
        assert report.added["enterprise"] == 3 and report.added["number_block"] == 1
        assert names(b) == ["局机关登记的企业", "杭州另一机械有限公司", "杭州新登记机械有限公司"]
        assert [(q.name, q.location) for q in b.equipment_list()] == [("2号锅炉", "锅炉房")]
        assert "vessel-sample" in [c.id for c in b.checklists()]
        assert b.setting("number_blocks") == [{"series": SERIES, "year": 2026, "first": 101, "last": 200}]
        assert b.audit_verify() == []


def test_a_row_changed_on_both_sides_goes_by_the_merge_rule(tmp_path, pg_url):
    """The desk once merged A's first bundle itself (a workspace headquarters before
    PostgreSQL); since then A and the desk each changed rows."""
    a_file, a_clock = field_bundle(tmp_path, pg_url)
    desk_clock = Clock(T0)
    with opened(tmp_path / "b.sitecheck") as b:
        b_id = b.device_id
    with desk_workspace(tmp_path / "desk.sitecheck", b_id, desk_clock) as desk:
        import_bundles(desk, [tmp_path / "a1.scbundle"], trust=True)
        newer_in_pg, tie = (desk.enterprises(e)[0] for e in ("杭州新登记", "杭州另一"))
        boiler = desk.equipment_list()[0]
        with opened(a_file, a_clock) as a:                   # A, later, to PostgreSQL only
            a_clock.at = T1
            a.update_enterprise(newer_in_pg.id, phone="0571-87650000")
            a.update_enterprise(tie.id, contact="甲")
            export_bundle(a, tmp_path / "a2.scbundle")
        with open_hq(pg_url) as hq:
            import_to_hq(hq, [tmp_path / "a2.scbundle"])
        desk_clock.at = T1                                     # the desk, at the same time
        desk.update_enterprise(tie.id, contact="乙")
        desk_clock.at = T1 + timedelta(minutes=5)
        desk.update_equipment(boiler.id, location="新锅炉房")
        manifest = export_pack(desk, tmp_path / "pack.scpack", hq_url=pg_url)
    assert (manifest["counts"]["enterprise_from_hq"], manifest["counts"]["equipment_from_hq"]) == (1, 0)
    with opened(tmp_path / "b.sitecheck") as b:
        import_pack(b, tmp_path / "pack.scpack", trust=True)
        assert b.enterprise(newer_in_pg.id).phone == "0571-87650000"       # PostgreSQL's is newer
        assert b.enterprise(tie.id).contact == "乙"                 # a tie keeps the desk's
        assert b.equipment(boiler.id).location == "新锅炉房"        # the desk's is newer


def row(rid: str, device: str, at: str, side: int) -> tuple[str, str, str, int, str]:
    return rid, device, at, side, json.dumps([rid, device, at, side])


def test_united_takes_one_row_per_id_by_the_rule():
    desk = [row("1", "d", "2026-01-02", 0), row("2", "d", "2026-01-01", 0),
            row("3", "d", "2026-01-01", 0), row("4", "d", "2026-01-01", 0)]
    hq = [row("0", "x", "2026-01-01", 1), row("2", "d", "2026-01-02", 1),
          row("3", "d", "2026-01-01", 1), row("4", "other", "2026-01-09", 1), row("5", "y", "2026-01-01", 1)]
    got = [(r[0], r[3]) for r in united(iter(desk), iter(hq))]
    # 2: PostgreSQL's is newer; 3: a tie keeps the desk's; 4: another device's row under
    # the desk's id is refused as the merge refuses it (the desk's kept)
    assert got == [("0", 1), ("1", 0), ("2", 1), ("3", 0), ("4", 0), ("5", 1)]
    with pytest.raises(ValueError, match="out of id order"):
        list(united(iter(desk[::-1]), iter(hq)))


def tampered(pack: Path, out: Path) -> Path:
    """The pack with one enterprise renamed in its records, the signed manifest kept."""
    entries, _ = take_apart(pack)
    with zipfile.ZipFile(pack) as zf:
        manifest, signature = zf.read("manifest.json"), zf.read("manifest.sig")
        part = zf.read("records/enterprise.ndjson")
    edited = part.replace("杭州新登记机械有限公司".encode(), "杭州旧登记机械有限公司".encode())
    assert edited != part
    entries = replace_part(entries, "records/enterprise.ndjson", edited)
    return write_zip(out, [*entries, stored("manifest.json", manifest), stored("manifest.sig", signature)])


def test_a_tampered_pack_is_refused_by_the_laptop(tmp_path, pg_url):
    field_bundle(tmp_path, pg_url)
    with desk_workspace(tmp_path / "desk.sitecheck", "some-device") as desk:
        export_pack(desk, tmp_path / "pack.scpack", hq_url=pg_url)
    bad = tampered(tmp_path / "pack.scpack", tmp_path / "bad.scpack")
    with opened(tmp_path / "c.sitecheck") as c:
        with pytest.raises(BundleRejected, match="SHA-256 与清单不符"):
            import_pack(c, bad, trust=True)
        assert names(c) == []
        import_pack(c, tmp_path / "pack.scpack", trust=True)         # the original is taken
        assert "杭州新登记机械有限公司" in names(c)


def test_the_command_line_exports_the_pack_as_a_read_only_clerk(tmp_path, pg_cluster, pg_url,
                                                                monkeypatch):
    field_bundle(tmp_path, pg_url)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    desk_workspace(tmp_path / "desk.sitecheck", "some-device").close()
    out = tmp_path / "下发包.scpack"
    done, _ = run_cli("--workspace", tmp_path / "desk.sitecheck", "--hq", clerk, "pack", "export",
                      "--out", out)
    assert done.returncode == 0, done.stderr
    assert "企业 3，设备 1，编号段 1（其中来自局机关数据库：企业 2，设备 1）" in done.stdout
    signed = open_signed(out, kind="pack")
    try:
        assert signed.manifest["counts"]["enterprise_from_hq"] == 2
    finally:
        signed.close()
    monkeypatch.setenv(ENV, clerk)             # the address from the environment, beside --workspace
    done, _ = run_cli("--workspace", tmp_path / "desk.sitecheck", "pack", "export", "--out", out)
    assert done.returncode == 0 and "来自局机关数据库：企业 2" in done.stdout, done.stderr
    monkeypatch.delenv(ENV)                    # without it: the desk's own registries only
    done, _ = run_cli("--workspace", tmp_path / "desk.sitecheck", "pack", "export", "--out", out)
    assert done.returncode == 0 and "企业 1，设备 0，" in done.stdout and "局机关数据库" not in done.stdout
