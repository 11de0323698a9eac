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
            assert ws.audit_verify() == []
    with Workspace.open(path) as ws:
        assert migrations.schema_version(ws.conn) == migrations.LATEST >= 4
        assert ws.enterprise(ent.id).sector is None
        assert ws.audit_verify() == []
        ws.update_enterprise(ent.id, sector="trade")          # a later write of the new column verifies too
        assert ws.audit_verify() == []


def test_a_schema_7_workspace_gains_the_plan_and_its_old_rows_still_verify(tmp_path, monkeypatch):
    """Migration 8 (the plan, the draw, inspection.task_id, who set a risk grade): an
    inspection and an enterprise written before it hash as they were."""
    path = tmp_path / "old.sitecheck"
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
        old.setattr(migrations, "LATEST", 7)
        with Workspace.open(path) as ws:
            ent = ws.add_enterprise(name="杭州某某机械制造有限公司", risk_colour="red")
            people = [{"name": "王建国", "cert_no": "A001"}, {"name": "李明", "cert_no": "A002"}]
            insp = ws.start_inspection(ent.id, [ws.checklists()[0].hash], people)
    with Workspace.open(path) as ws:
        assert migrations.schema_version(ws.conn) == migrations.LATEST >= 8
        assert ws.inspection(insp.id).task_id is None and ws.enterprise(ent.id).risk_set_by is None
        assert ws.plans() == [] and ws.audit_verify() == []
        ws.set_risk_grade(ent.id, "red", set_by="刘洋", reason="重大隐患逾期")
        assert ws.audit_verify() == []
