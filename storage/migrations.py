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

# The ledger at province scale (storage/summary.py: key_script): statistics from one
# row per grouping and key (stat_key, kept from finding_stat and inspection_stat by triggers);
# each finding's district beside it (finding.enterprise_district: local, never
# audited nor sent in a bundle; storage/audit.py LOCAL_COLUMNS) so the district
# filter reads an index in the ledger's order; and the checklist filter's index.
V8_LEDGER_SCALE = summary.key_script() + """
CREATE INDEX finding_district ON finding(enterprise_district, created_at, id)
    WHERE enterprise_district IS NOT NULL;
CREATE INDEX finding_checklist ON finding(checklist_hash, created_at, id)
    WHERE checklist_hash IS NOT NULL;
"""

Migration = Callable[[sqlite3.Connection], None] | str
MIGRATIONS: list[Migration] = [V1, V2, V3_SECTOR, V4_PHOTO_TAKEN_BY, V5_TASK_SOURCE, V6_SUMMARY,
                               V7_PRINT_RENDITION, V8_LEDGER_SCALE]
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
