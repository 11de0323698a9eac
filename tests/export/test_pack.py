"""Headquarters -> field pack: registries and number blocks, trusted after the first import."""
from __future__ import annotations

import hashlib

import pytest

from checklists.common.errors import BundleRejected
from export.sync.pack import export_pack, import_pack
from storage.sync.packs import assign_block
from storage.workspace import Workspace


def test_pack_brings_registries_and_this_devices_number_block(tmp_path):
    field_file = tmp_path / "field.sqlite"
    with Workspace.open(field_file) as field:
        field_id = field.device_id
    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        ent = hq.add_enterprise(name="杭州堃喆机械制造有限公司", district="西湖区")
        hq.add_equipment(ent.id, kind="boiler", name="1号锅炉")
        assign_block(hq, field_id, "杭西应急责改", 2026, 101, 200)
        assign_block(hq, "another-device", "杭西应急责改", 2026, 201, 300)
        export_pack(hq, tmp_path / "pack.zip")
    before = hashlib.sha256(field_file.read_bytes()).hexdigest()
    with Workspace.open(field_file) as field, pytest.raises(BundleRejected, match="未登记的设备"):
        import_pack(field, tmp_path / "pack.zip")
    assert hashlib.sha256(field_file.read_bytes()).hexdigest() == before
    with Workspace.open(field_file) as field:
        report = import_pack(field, tmp_path / "pack.zip", trust=True)
        again = import_pack(field, tmp_path / "pack.zip")
        assert report.added["enterprise"] == 1 and report.added["number_block"] == 1
        assert again.already_imported
        assert [e.name for e in field.enterprises()] == ["杭州堃喆机械制造有限公司"]
        assert field.setting("number_blocks") == [
            {"series": "杭西应急责改", "year": 2026, "first": 101, "last": 200}]
        assert field.audit_verify() == []


def test_overlapping_block_is_refused(tmp_path):
    from checklists.common.errors import InvalidInput

    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        assign_block(hq, "d1", "S", 2026, 1, 100)
        with pytest.raises(InvalidInput, match="重叠"):
            assign_block(hq, "d2", "S", 2026, 50, 150)


def test_bundle_is_not_accepted_as_pack(tmp_path):
    from export.sync.bundle import export_bundle

    with Workspace.open(tmp_path / "f.sqlite") as field:
        export_bundle(field, tmp_path / "b.zip")
    with Workspace.open(tmp_path / "g.sqlite") as other, pytest.raises(BundleRejected, match="实际是数据包"):
        import_pack(other, tmp_path / "b.zip", trust=True)


@pytest.mark.parametrize("year, first, last, reason", [
    ("二〇二六", 1, 10, "年份 '二〇二六' 无效"),
    (1999, 1, 10, "年份 1999 无效"),
    (2026, -5, -1, "编号 -5--1 无效"),
    (2026, 10, 1, "编号 10-1 无效"),
])
def test_invalid_block_is_refused_at_headquarters(tmp_path, year, first, last, reason):
    from checklists.common.errors import InvalidInput

    with Workspace.open(tmp_path / "hq.sqlite") as hq:
        with pytest.raises(InvalidInput, match=reason):
            assign_block(hq, "d1", "S", year, first, last)
        assert hq.execute("SELECT COUNT(*) FROM number_block").fetchone()[0] == 0
