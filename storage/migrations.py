"""Numbered schema migrations.  ``PRAGMA user_version`` records the last one applied.

Never edit a migration that has shipped: add the next number.  Each runs in
its own transaction together with the version bump, so a crash leaves the file
at the old version or the new one.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from checklists.common.errors import WorkspaceError

from . import summary

# Columns every record that travels between machines carries.
_RECORD = """
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0"""

V1 = f"""
CREATE TABLE device (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    is_self INTEGER NOT NULL DEFAULT 0,
    public_key BLOB,
    private_key BLOB,
    trusted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX device_self ON device(is_self) WHERE is_self = 1;

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE checklist (
    hash TEXT PRIMARY KEY,         -- SHA-256 of the canonical content
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    family TEXT NOT NULL,
    applies_to TEXT,
    item_count INTEGER NOT NULL,
    yaml TEXT NOT NULL,            -- the source, so any inspection can be replayed
    source TEXT NOT NULL,          -- builtin | pack | file name
    installed_at TEXT NOT NULL
);
CREATE INDEX checklist_by_id ON checklist(id, installed_at);

CREATE TABLE enterprise ({_RECORD},
    name TEXT NOT NULL,
    credit_code TEXT,              -- 统一社会信用代码
    address TEXT,
    district TEXT,
    legal_rep TEXT,
    legal_rep_title TEXT,
    contact TEXT,
    phone TEXT,
    industry TEXT,
    risk_colour TEXT
);
CREATE INDEX enterprise_name ON enterprise(name);
CREATE INDEX enterprise_district ON enterprise(district);

CREATE TABLE equipment ({_RECORD},
    enterprise_id TEXT NOT NULL REFERENCES enterprise(id),
    kind TEXT NOT NULL,
    name TEXT,
    register_code TEXT,            -- 注册代码 / 设备代码
    registration_no TEXT,          -- 使用登记证号
    location TEXT,
    next_inspection_date TEXT      -- YYYY-MM-DD
);
CREATE INDEX equipment_enterprise ON equipment(enterprise_id);
CREATE INDEX equipment_due ON equipment(next_inspection_date);

CREATE TABLE inspection ({_RECORD},
    enterprise_id TEXT NOT NULL REFERENCES enterprise(id),
    equipment_id TEXT REFERENCES equipment(id),
    parent_id TEXT REFERENCES inspection(id),   -- the inspection a 复查 follows up
    mode TEXT NOT NULL,
    family TEXT NOT NULL,
    checklists TEXT NOT NULL,      -- JSON [{{"id", "version", "hash"}}]
    inspectors TEXT NOT NULL,      -- JSON [{{"name", "cert_no"}}], two or more
    site TEXT,                     -- 检查场所
    site_manager TEXT,             -- 被检查单位现场负责人
    started_at TEXT NOT NULL,
    finished_at TEXT,
    note TEXT
);
CREATE INDEX inspection_enterprise ON inspection(enterprise_id, started_at);
CREATE INDEX inspection_started ON inspection(started_at);

CREATE TABLE answer ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    checklist_hash TEXT NOT NULL,
    item_id TEXT NOT NULL,
    result TEXT,                   -- pass | fail | na | NULL (not yet answered)
    value TEXT,                    -- number / text / choice answers
    note TEXT
);
CREATE UNIQUE INDEX answer_item ON answer(inspection_id, checklist_hash, item_id);

CREATE TABLE finding ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    enterprise_id TEXT NOT NULL REFERENCES enterprise(id),
    equipment_id TEXT REFERENCES equipment(id),
    checklist_hash TEXT,
    item_id TEXT,
    level TEXT NOT NULL,           -- general | major
    description TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '[]',   -- JSON list of citations as printed
    measure TEXT,                  -- what the unit must do
    rectification TEXT NOT NULL,   -- immediate | deadline | stop_use
    deadline TEXT,                 -- YYYY-MM-DD
    state TEXT NOT NULL,           -- derived from finding_event; kept for queries
    state_at TEXT NOT NULL,
    note TEXT
);
CREATE INDEX finding_enterprise ON finding(enterprise_id, state, deadline);
CREATE INDEX finding_state ON finding(state, deadline);
CREATE INDEX finding_inspection ON finding(inspection_id);

CREATE TABLE finding_event (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finding_id TEXT NOT NULL REFERENCES finding(id),
    state TEXT NOT NULL,           -- the state entered
    at TEXT NOT NULL,              -- when it happened (may differ from created_at)
    inspection_id TEXT,            -- the re-inspection that saw it, if any
    document_id TEXT,              -- the document that carries it, if any
    note TEXT
);
CREATE INDEX finding_event_finding ON finding_event(finding_id, at);

CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE photo ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    finding_id TEXT REFERENCES finding(id),
    checklist_hash TEXT,
    item_id TEXT,
    derived_from TEXT REFERENCES photo(id),   -- an annotated copy points to its source
    original_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    normal_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    thumb_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    original_name TEXT,
    mime TEXT,
    width INTEGER,
    height INTEGER,
    taken_at TEXT,
    gps_lat REAL,
    gps_lon REAL,
    caption TEXT
);
CREATE INDEX photo_inspection ON photo(inspection_id);
CREATE INDEX photo_finding ON photo(finding_id);

CREATE TABLE document ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    content_hash TEXT NOT NULL,
    supersedes_id TEXT REFERENCES document(id),
    data TEXT NOT NULL DEFAULT '{{}}'   -- JSON: finding ids and what else the document names
);
CREATE UNIQUE INDEX document_number ON document(number);
CREATE INDEX document_inspection ON document(inspection_id);

CREATE TABLE doc_counter (
    series TEXT NOT NULL,          -- e.g. the document code and device prefix
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);

CREATE TABLE audit_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,         -- JSON, includes the hash of the row written
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX audit_entity ON audit_event(entity, entity_id);

-- Text search over what inspectors write, for queries of any length.  The
-- index holds each text with a space between characters (fts_spaced, a
-- function every workspace connection registers), so FTS5's trigram
-- tokenizer sees "a b" bigrams and " b " unigrams: a search for one or two
-- characters is a trigram too.  New rows are indexed in one statement when a
-- write transaction commits (storage/fts.py): an AFTER INSERT trigger would
-- flush FTS5's buffer at every row's statement savepoint and made bulk
-- inserts ten times slower.  Updates and deletes, rare, keep their triggers.
CREATE VIRTUAL TABLE finding_fts USING fts5(
    description, note, content='finding', content_rowid='rowid', tokenize='trigram'
);
CREATE TABLE fts_state (
    name TEXT PRIMARY KEY,
    last_rowid INTEGER NOT NULL    -- rows up to here are in the index
);
INSERT INTO fts_state (name, last_rowid) VALUES ('finding', 0);
CREATE TRIGGER finding_fts_ad AFTER DELETE ON finding BEGIN
    INSERT INTO finding_fts(finding_fts, rowid, description, note)
    VALUES ('delete', old.rowid, fts_spaced(old.description), fts_spaced(old.note));
END;
CREATE TRIGGER finding_fts_au AFTER UPDATE OF description, note ON finding BEGIN
    INSERT INTO finding_fts(finding_fts, rowid, description, note)
    VALUES ('delete', old.rowid, fts_spaced(old.description), fts_spaced(old.note));
    INSERT INTO finding_fts(rowid, description, note)
    VALUES (new.rowid, fts_spaced(new.description), fts_spaced(new.note));
END;
"""

# Sync with headquarters: export marks per destination, the bundles imported,
# conflicts seen while merging, and the document-number blocks headquarters hands out.
V2 = """
CREATE TABLE sync_state (
    destination TEXT PRIMARY KEY,  -- e.g. "hq"
    last_seq INTEGER NOT NULL,     -- highest own audit_event.seq already exported there
    exported_at TEXT NOT NULL,
    bundle_id TEXT NOT NULL
);

CREATE TABLE sync_import (
    bundle_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,            -- bundle | pack
    device_id TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    manifest TEXT NOT NULL,        -- JSON, as signed
    report TEXT NOT NULL           -- JSON: what was added
);

CREATE TABLE sync_conflict (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL,
    kind TEXT NOT NULL,            -- document_number | answer_item | foreign_id | concurrent_edit | audit_fork
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (bundle_id, kind, entity, entity_id)
);

CREATE TABLE number_block (
    device_id TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (device_id, series, year, first)
);
"""

# The kind of enterprise (checklists.common.vocabulary.Sector): which hazard criteria
# apply to it (工贸企业重大事故隐患判定标准 covers 工贸 enterprises only).  NULL: not
# yet known.  ``industry`` stays the free text it was.
V3_SECTOR = """
ALTER TABLE enterprise ADD COLUMN sector TEXT;
"""

# Who added each photo: the inspector the photo annex names as 拍摄人
# (storage/photo_store.py: taken_by).  Photos stored before this stay NULL and
# print as not recorded: filling them in would rewrite rows the audit chain has
# already hashed (storage/audit.py: ADDED_COLUMNS).  derived_from is indexed so
# the newest version of each photo is found without a scan.
V4_PHOTO_TAKEN_BY = """
ALTER TABLE photo ADD COLUMN taken_by TEXT;
CREATE INDEX photo_derived ON photo(derived_from);
"""

# 任务来源 of an inspection (特种设备安全监督检查办法第十九条): a TaskSource code and free text.
V5_TASK_SOURCE = """
ALTER TABLE inspection ADD COLUMN task_source TEXT;
ALTER TABLE inspection ADD COLUMN task_source_note TEXT;
"""

# The statistics summary (storage/summary.py: finding_stat, inspection_stat and the
# triggers that keep them equal to the full-scan statistics), filled from the
# tables for existing workspaces; and the ledger's indexes for its sort orders,
# read by key (storage/ledger.py: keyset pages).
V6_SUMMARY = summary.script() + """
CREATE INDEX finding_created ON finding(created_at, id);
CREATE INDEX finding_deadline ON finding(deadline, id);
CREATE INDEX finding_outstanding ON finding(created_at, id) WHERE state IN ('open', 'ordered') AND deleted = 0;
"""

# Print renditions (storage/photos.py: print_rendition): each normal photo at its size
# in a document's photo annex, made when the photo is imported, so issuing a document
# does not decode the photos.  Derived from the normal photo and local: not synced,
# not audited.  A photo without one (imported before this, or from a bundle) is
# scaled when it is printed, as before.
V7_PRINT_RENDITION = """
CREATE TABLE IF NOT EXISTS print_rendition (
    normal_sha256 TEXT PRIMARY KEY REFERENCES blob(sha256),
    print_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0)
);
"""

# Per-equipment tables (checklists/conditions.py): the equipment an answer is for
# (NULL: the unit-level checklist), one answer per item and piece of equipment; the
# equipment the inspector selected, with the attributes recorded for each
# (JSON [{"id", "attributes"}]).  A finding's equipment is the existing
# finding.equipment_id.  Both columns are in storage/audit.py ADDED_COLUMNS.
def V8_EQUIPMENT_TABLES(db: sqlite3.Connection) -> None:
    """Idempotent (a column already there is kept), like V7's IF NOT EXISTS."""
    for table, column, decl in (("answer", "for_equipment", "TEXT REFERENCES equipment(id)"),
                                ("inspection", "equipment_tables", "TEXT")):
        if column not in {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    db.execute("DROP INDEX IF EXISTS answer_item")
    db.execute("CREATE UNIQUE INDEX answer_item ON answer(inspection_id, checklist_hash, item_id, "
               "COALESCE(for_equipment, ''))")


# The annual plan and its 双随机 draw (storage/plan.py, storage/draw.py): the plan
# (headquarters), the tasks drawn (sent to the field in the pack), the published
# draw record, the inspectors' declared conflicts (回避); and the task an
# inspection was started for (inspection.task_id, NULL for any other inspection).
# Who set an enterprise's risk grade, when and why (storage/dossier.py); NULL for a
# grade set before, or through the enterprise form.
_V9_TABLES = f"""
CREATE TABLE IF NOT EXISTS plan ({_RECORD},
    title TEXT NOT NULL,
    family TEXT NOT NULL,          -- whose department publishes (checklists.common.vocabulary.Family)
    period_start TEXT NOT NULL,    -- YYYY-MM-DD
    period_end TEXT NOT NULL,
    districts TEXT NOT NULL DEFAULT '[]',     -- JSON: the districts covered ([] = all)
    industries TEXT NOT NULL DEFAULT '[]',    -- JSON: the industries covered ([] = all)
    ratio_percent INTEGER NOT NULL,           -- share of each stratum drawn
    key_colours TEXT NOT NULL DEFAULT '[]',   -- JSON: risk colours always covered
    team_size INTEGER NOT NULL DEFAULT 2,
    inspectors TEXT NOT NULL DEFAULT '[]',    -- JSON [{{"name", "cert_no"}}]: the pool
    note TEXT
);
CREATE TABLE IF NOT EXISTS plan_task ({_RECORD},
    plan_id TEXT NOT NULL,
    draw_id TEXT NOT NULL,
    number INTEGER NOT NULL,       -- the task's seq in the draw record ("seq" is audit_event's)
    enterprise_id TEXT NOT NULL,
    kind TEXT NOT NULL,            -- key | random
    inspectors TEXT NOT NULL       -- JSON [{{"name", "cert_no"}}]
);
CREATE INDEX IF NOT EXISTS plan_task_plan ON plan_task(plan_id, number);
CREATE TABLE IF NOT EXISTS plan_draw ({_RECORD},
    plan_id TEXT NOT NULL,
    draw_date TEXT NOT NULL,
    public_value TEXT NOT NULL,
    drawn_by TEXT NOT NULL,
    record TEXT NOT NULL,          -- the published record (canonical JSON)
    record_sha256 TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS plan_draw_once ON plan_draw(plan_id) WHERE deleted = 0;
CREATE TABLE IF NOT EXISTS inspector_conflict ({_RECORD},
    cert_no TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inspector_conflict_cert ON inspector_conflict(cert_no);
"""
_V9_COLUMNS = (("inspection", "task_id"), ("enterprise", "risk_set_by"), ("enterprise", "risk_reason"),
               ("enterprise", "risk_set_at"))


def V9_PLAN(db: sqlite3.Connection) -> None:
    """The tables (if absent) and the added columns (where missing): safe on a file whose
    version number was set back below 9 with these already in it."""
    for statement in _statements(_V9_TABLES):
        db.execute(statement)
    for table, column in _V9_COLUMNS:
        if column not in {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}:
            db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS inspection_task ON inspection(task_id) WHERE task_id IS NOT NULL")


# Signed documents (storage/certs.py, docs/verification.md): the headquarters
# department key (its private half only at headquarters, PKCS#8, encrypted when a
# passphrase was given), the device certificates headquarters issues and the
# revocations; the last two travel to the devices in the pack.  Not audited:
# each certificate carries headquarters' own signature.
V10_CERTIFICATES = """
CREATE TABLE IF NOT EXISTS hq_key (
    id TEXT PRIMARY KEY,           -- first 16 hex digits of the SHA-256 of the public key
    public_key BLOB NOT NULL,      -- raw Ed25519, 32 bytes
    private_key BLOB,              -- PKCS#8 DER (encrypted if ``encrypted``); NULL on a device
    encrypted INTEGER NOT NULL DEFAULT 0,
    department TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_cert (
    id TEXT PRIMARY KEY,           -- 16 hex digits, in every document the device signs
    device_id TEXT NOT NULL,
    body TEXT NOT NULL,            -- canonical JSON, exactly as signed
    signature TEXT NOT NULL,       -- hex, headquarters' Ed25519 signature
    issued_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS device_cert_device ON device_cert(device_id);
CREATE TABLE IF NOT EXISTS cert_revocation (
    cert_id TEXT PRIMARY KEY,
    effective TEXT NOT NULL,       -- YYYY-MM-DD: documents dated on or after it are refused
    reason TEXT NOT NULL,
    revoked_at TEXT NOT NULL
);
"""

# Signatures captured on screen (storage/signatures.py): the strokes as canonical
# vector bytes (base64), their SHA-256, who signed when, the document they sign:
# ``kind`` of the inspection while a draft, ``document_id`` once issued.
V11_SIGNATURES = f"""
CREATE TABLE IF NOT EXISTS signature ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    kind TEXT NOT NULL,
    document_id TEXT REFERENCES document(id),
    role TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    strokes TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS signature_inspection ON signature(inspection_id, kind);
CREATE INDEX IF NOT EXISTS signature_document ON signature(document_id);
"""


# A 行政处罚 decision linked to the inspection that led to it (storage/penalty.py): the
# 立案 date; once decided, the decision's number, date, kinds (行政处罚法第九条, JSON list
# of vocabulary.PenaltyKind codes) and the amount of a fine or confiscated gains in fen
# (an integer: never a float).  Travels in bundles and is audited like the findings.
V12_PENALTY = f"""
CREATE TABLE IF NOT EXISTS penalty ({_RECORD},
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    filed_on TEXT NOT NULL,        -- YYYY-MM-DD 立案
    decision_number TEXT,          -- 行政处罚决定书文号; NULL until decided
    decided_on TEXT,               -- YYYY-MM-DD 决定日期
    kinds TEXT NOT NULL DEFAULT '[]',
    amount_fen INTEGER,            -- 罚款 / 没收违法所得, in fen
    note TEXT
);
CREATE INDEX IF NOT EXISTS penalty_inspection ON penalty(inspection_id);
CREATE INDEX IF NOT EXISTS penalty_filed ON penalty(filed_on);
CREATE INDEX IF NOT EXISTS penalty_decided ON penalty(decided_on) WHERE decided_on IS NOT NULL;
"""


# 挂牌督办 (storage/supervision.py): a 重大/严重 finding put under supervision at
# headquarters, until 摘牌.  A travelling, audited record: to the field in the pack,
# back in bundles.  Whether it is 逾期督办 is computed from the deadline, never stored.
V13_SUPERVISION = f"""
CREATE TABLE IF NOT EXISTS supervision ({_RECORD},
    finding_id TEXT NOT NULL REFERENCES finding(id),
    listed_on TEXT NOT NULL,          -- YYYY-MM-DD 挂牌
    supervisor TEXT NOT NULL,         -- 督办单位 (the department, from settings)
    deadline TEXT NOT NULL,           -- YYYY-MM-DD 督办期限
    notice_document_id TEXT,          -- the 挂牌督办通知书 issued for it
    delisted_on TEXT,                 -- YYYY-MM-DD 摘牌; NULL while listed
    delist_basis TEXT                 -- 摘牌 basis (e.g. the 整改复查意见书 number)
);
CREATE INDEX IF NOT EXISTS supervision_finding ON supervision(finding_id);
CREATE INDEX IF NOT EXISTS supervision_listed ON supervision(listed_on);
CREATE INDEX IF NOT EXISTS supervision_delisted ON supervision(delisted_on) WHERE delisted_on IS NOT NULL;
"""


# The ledger at province scale (storage/summary.py: key_script): statistics from one
# row per grouping and key (stat_key, kept from finding_stat and inspection_stat by triggers);
# each finding's district beside it (finding.enterprise_district: local, never
# audited nor sent in a bundle; storage/audit.py LOCAL_COLUMNS) so the district
# filter reads an index in the ledger's order; and the checklist filter's index.
V14_LEDGER_SCALE = summary.key_script() + """
CREATE INDEX finding_district ON finding(enterprise_district, created_at, id)
    WHERE enterprise_district IS NOT NULL;
CREATE INDEX finding_checklist ON finding(checklist_hash, created_at, id)
    WHERE checklist_hash IS NOT NULL;
"""

# Reports by period (storage/reports.py): the findings closed in a period (whenever found)
# and the documents issued in it, read as index ranges of those times, not every row; a
# document's correction found by its ``supersedes_id`` (a report counts the current one).
V15_REPORT_DATES = """
CREATE INDEX IF NOT EXISTS finding_closed ON finding(state_at) WHERE state = 'closed';
CREATE INDEX IF NOT EXISTS document_issued ON document(issued_at);
CREATE INDEX IF NOT EXISTS document_supersedes ON document(supersedes_id) WHERE supersedes_id IS NOT NULL;
"""

# The ledger's orders by a code's rank (state, level, rectification: ``storage.ledger``
# ``_rank``, the vocabulary's order) read like the others, an index range in the
# page's order, instead of sorting every matching finding; each index holds the very
# expression the page sorts by (tests/hq/test_ledger_sort.py keeps them equal).
V16_RANK_ORDER = """
CREATE INDEX finding_state_rank ON finding((CASE state WHEN 'open' THEN 0 WHEN 'ordered' THEN 1
    WHEN 'rectified' THEN 2 WHEN 'closed' THEN 3 ELSE 4 END), id);
CREATE INDEX finding_level_rank ON finding((CASE level WHEN 'general' THEN 0 WHEN 'major' THEN 1
    ELSE 2 END), id);
CREATE INDEX finding_rectification_rank ON finding((CASE rectification WHEN 'immediate' THEN 0
    WHEN 'deadline' THEN 1 WHEN 'stop_use' THEN 2 ELSE 3 END), id);
"""


Migration = Callable[[sqlite3.Connection], None] | str
MIGRATIONS: list[Migration] = [V1, V2, V3_SECTOR, V4_PHOTO_TAKEN_BY, V5_TASK_SOURCE, V6_SUMMARY,
                               V7_PRINT_RENDITION, V8_EQUIPMENT_TABLES,
                               V9_PLAN, V10_CERTIFICATES,
                               V11_SIGNATURES, V12_PENALTY,
                               V13_SUPERVISION, V14_LEDGER_SCALE, V15_REPORT_DATES,
                               V16_RANK_ORDER]
LATEST = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema to the latest version; returns how many migrations ran."""
    current = schema_version(db)
    if current > LATEST:
        raise WorkspaceError(
            "工作区由较新版本的 SiteCheck 创建（架构版本 {current}，本程序支持 {latest}）",
            hint="请升级 SiteCheck 后再打开此文件", current=current, latest=LATEST,
        )
    for number in range(current + 1, LATEST + 1):
        step = MIGRATIONS[number - 1]
        db.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(step, str):
                for statement in _statements(step):
                    db.execute(statement)
            else:
                step(db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return LATEST - current


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
