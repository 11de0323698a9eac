"""A workspace written by the previous schema opens, is migrated, and its audit chain
still verifies: a column added later (enterprise.sector) hashes as absent while it is
empty.  (Photos are written with photo.taken_by by this program, so an old photo row is
checked through ``audit.row_hash`` in tests/export/test_photo_annex.py.)"""
from __future__ import annotations

from storage import migrations
from storage.workspace import Workspace


def test_a_schema_2_workspace_migrates_and_its_audit_chain_holds(tmp_path, monkeypatch):
    path = tmp_path / "old.sitecheck"
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        old.setattr(migrations, "LATEST", 2)
        with Workspace.open(path) as ws:
            assert migrations.schema_version(ws.conn) == 2
            ent = ws.add_enterprise(name="杭州某某机械制造有限公司", industry="机械制造")
            checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
            insp = ws.start_inspection(ent.id, [checklist.hash], [{"name": "甲", "cert_no": "1"},
                                                                   {"name": "乙", "cert_no": "2"}])
            assert ws.audit_verify() == []
    with Workspace.open(path) as ws:
        assert migrations.schema_version(ws.conn) == migrations.LATEST >= 4
        assert ws.enterprise(ent.id).sector is None
        assert ws.inspection(insp.id).enterprise_id == ent.id
        assert ws.audit_verify() == []
        ws.update_enterprise(ent.id, sector="trade")          # a later write of the new column verifies too
        assert ws.audit_verify() == []
