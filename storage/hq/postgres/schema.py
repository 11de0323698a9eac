"""The headquarters schema on PostgreSQL: numbered migrations, recorded in ``hq_schema``.

The tables mirror the workspace's (storage/migrations.py) column for column and
type for type (TEXT -> text, INTEGER -> bigint, REAL -> double precision, BLOB
-> bytea), so a row read here hashes exactly as it does in SQLite
(``storage.audit.row_hash``) and the bundle checks of ``storage/sync/rules.py``
apply unchanged.  Every text column uses the "C" collation: SQLite compares text
byte by byte, and the merge rules compare timestamps and ids as text, so a
locale's collation (which skips punctuation) could order two versions otherwise.

Never edit a migration that has shipped: append the next one, also for every
workspace migration that adds a column or table a bundle carries
(tests/hq/test_schema_parity.py fails until the tables here match).  ``hq init``
runs the missing ones in one transaction, each with its version row.
"""
from __future__ import annotations

# The tables of a workspace that headquarters keeps, as SQLite's schema has them
# at workspace migration 7 (columns and types; see the module docstring).  Later
# workspace migrations are mirrored by the migrations after this one (``MIRRORS``).
V1_TABLES = """
CREATE TABLE hq_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE device (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    name text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    is_self bigint NOT NULL DEFAULT 0,
    public_key bytea,
    private_key bytea,
    trusted bigint NOT NULL DEFAULT 0
);
CREATE TABLE checklist (
    hash text COLLATE "C" NOT NULL PRIMARY KEY,
    id text COLLATE "C" NOT NULL,
    version text COLLATE "C" NOT NULL,
    title text COLLATE "C" NOT NULL,
    family text COLLATE "C" NOT NULL,
    applies_to text COLLATE "C",
    item_count bigint NOT NULL,
    yaml text COLLATE "C" NOT NULL,
    source text COLLATE "C" NOT NULL,
    installed_at text COLLATE "C" NOT NULL
);
CREATE TABLE enterprise (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    name text COLLATE "C" NOT NULL,
    credit_code text COLLATE "C",
    address text COLLATE "C",
    district text COLLATE "C",
    legal_rep text COLLATE "C",
    legal_rep_title text COLLATE "C",
    contact text COLLATE "C",
    phone text COLLATE "C",
    industry text COLLATE "C",
    risk_colour text COLLATE "C",
    sector text COLLATE "C"
);
CREATE TABLE equipment (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    enterprise_id text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    name text COLLATE "C",
    register_code text COLLATE "C",
    registration_no text COLLATE "C",
    location text COLLATE "C",
    next_inspection_date text COLLATE "C"
);
CREATE TABLE inspection (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    enterprise_id text COLLATE "C" NOT NULL,
    equipment_id text COLLATE "C",
    parent_id text COLLATE "C",
    mode text COLLATE "C" NOT NULL,
    family text COLLATE "C" NOT NULL,
    checklists text COLLATE "C" NOT NULL,
    inspectors text COLLATE "C" NOT NULL,
    site text COLLATE "C",
    site_manager text COLLATE "C",
    started_at text COLLATE "C" NOT NULL,
    finished_at text COLLATE "C",
    note text COLLATE "C",
    task_source text COLLATE "C",
    task_source_note text COLLATE "C"
);
CREATE TABLE answer (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    checklist_hash text COLLATE "C" NOT NULL,
    item_id text COLLATE "C" NOT NULL,
    result text COLLATE "C",
    value text COLLATE "C",
    note text COLLATE "C"
);
CREATE TABLE finding (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    enterprise_id text COLLATE "C" NOT NULL,
    equipment_id text COLLATE "C",
    checklist_hash text COLLATE "C",
    item_id text COLLATE "C",
    level text COLLATE "C" NOT NULL,
    description text COLLATE "C" NOT NULL,
    basis text COLLATE "C" NOT NULL DEFAULT '[]',
    measure text COLLATE "C",
    rectification text COLLATE "C" NOT NULL,
    deadline text COLLATE "C",
    state text COLLATE "C" NOT NULL,
    state_at text COLLATE "C" NOT NULL,
    note text COLLATE "C"
);
CREATE TABLE finding_event (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    finding_id text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL,
    at text COLLATE "C" NOT NULL,
    inspection_id text COLLATE "C",
    document_id text COLLATE "C",
    note text COLLATE "C"
);
CREATE TABLE photo (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    finding_id text COLLATE "C",
    checklist_hash text COLLATE "C",
    item_id text COLLATE "C",
    derived_from text COLLATE "C",
    original_sha256 text COLLATE "C" NOT NULL,
    normal_sha256 text COLLATE "C" NOT NULL,
    thumb_sha256 text COLLATE "C" NOT NULL,
    original_name text COLLATE "C",
    mime text COLLATE "C",
    width bigint,
    height bigint,
    taken_at text COLLATE "C",
    gps_lat double precision,
    gps_lon double precision,
    caption text COLLATE "C",
    taken_by text COLLATE "C"
);
CREATE TABLE document (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    number text COLLATE "C" NOT NULL,
    issued_at text COLLATE "C" NOT NULL,
    pdf_sha256 text COLLATE "C" NOT NULL,
    content_hash text COLLATE "C" NOT NULL,
    supersedes_id text COLLATE "C",
    data text COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE TABLE audit_event (
    seq bigint PRIMARY KEY,
    id text COLLATE "C" NOT NULL,
    device_id text COLLATE "C" NOT NULL,
    device_seq bigint NOT NULL,
    at text COLLATE "C" NOT NULL,
    action text COLLATE "C" NOT NULL,
    entity text COLLATE "C" NOT NULL,
    entity_id text COLLATE "C" NOT NULL,
    payload text COLLATE "C" NOT NULL,
    prev_hash text COLLATE "C" NOT NULL,
    hash text COLLATE "C" NOT NULL
);
CREATE TABLE sync_import (
    bundle_id text COLLATE "C" NOT NULL PRIMARY KEY,
    kind text COLLATE "C" NOT NULL,
    device_id text COLLATE "C" NOT NULL,
    imported_at text COLLATE "C" NOT NULL,
    manifest text COLLATE "C" NOT NULL,
    report text COLLATE "C" NOT NULL
);
CREATE TABLE sync_conflict (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    bundle_id text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    entity text COLLATE "C" NOT NULL,
    entity_id text COLLATE "C" NOT NULL,
    detail text COLLATE "C" NOT NULL,
    seen_at text COLLATE "C" NOT NULL
);
"""

# Keys and indexes: the unique keys a merge relies on (answer item, document number,
# audit sequence, conflicts seen), the references the merge checks, and the ledger's
# sort orders read by key (created_at, deadline; open/ordered findings apart).  NULL
# deadlines first ascending, as SQLite orders them, so the ledger's ORDER BY is the
# index's order (forwards or backwards) and a page stops after its rows.
V1_INDEXES = """
CREATE UNIQUE INDEX answer_item ON answer(inspection_id, checklist_hash, item_id);
CREATE UNIQUE INDEX document_number ON document(number);
CREATE UNIQUE INDEX audit_event_id ON audit_event(id);
CREATE UNIQUE INDEX audit_device_seq ON audit_event(device_id, device_seq);
CREATE INDEX audit_entity ON audit_event(entity, entity_id, seq);
CREATE UNIQUE INDEX sync_conflict_key ON sync_conflict(bundle_id, kind, entity, entity_id);
CREATE INDEX enterprise_name ON enterprise(name);
CREATE INDEX enterprise_district ON enterprise(district);
CREATE INDEX equipment_enterprise ON equipment(enterprise_id);
CREATE INDEX inspection_enterprise ON inspection(enterprise_id, started_at);
CREATE INDEX inspection_equipment ON inspection(equipment_id);
CREATE INDEX finding_inspection ON finding(inspection_id);
CREATE INDEX finding_enterprise ON finding(enterprise_id, state, deadline);
CREATE INDEX finding_created ON finding(created_at, id);
CREATE INDEX finding_deadline ON finding(deadline NULLS FIRST, id);
CREATE INDEX finding_outstanding ON finding(deadline NULLS FIRST, id)
    WHERE state IN ('open', 'ordered') AND deleted = 0;
CREATE INDEX finding_event_finding ON finding_event(finding_id, at);
CREATE INDEX photo_inspection ON photo(inspection_id);
CREATE INDEX photo_finding ON photo(finding_id);
CREATE INDEX document_inspection ON document(inspection_id);
"""

# The statistics summary (as storage/summary.py keeps it in a workspace), maintained
# by the merge itself (storage/hq/postgres/summary.py): counts per grouping, level,
# state and deadline day ('' unless open/ordered); inspections per grouping.
V1_SUMMARY = """
CREATE TABLE finding_stat (
    dim text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    level text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL,
    deadline text COLLATE "C" NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (dim, key, level, state, deadline)
);
CREATE TABLE inspection_stat (
    dim text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (dim, key)
);
"""

# Text search of any length over a finding's description and note (one text, the two
# joined by a unit separator no search can contain), lower-cased as SQLite's trigram
# index folds case: pg_trgm for three characters or more; for one or two, which
# pg_trgm cannot answer, a GIN index over the text's characters (sc_chars), a match
# then checked with strpos.  An index of every 1- and 2-character substring was
# measured too: it made inserting a finding six times dearer (a bundle of 40,000
# findings: 6 s more in the index alone, against 0.6 s for the characters).
V1_SEARCH = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION sc_text(description text, note text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(description || chr(31) || COALESCE(note, ''));
CREATE FUNCTION sc_chars(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN string_to_array(t, NULL);
CREATE INDEX finding_text_trgm ON finding USING gin (sc_text(description, note) gin_trgm_ops);
CREATE INDEX finding_text_chars ON finding USING gin (sc_chars(sc_text(description, note)));
-- the share of findings holding a character, from the index's statistics (SECURITY
-- DEFINER: pg_stats shows an index's statistics to its owner only, not to a clerk)
CREATE FUNCTION sc_char_share(c text) RETURNS real
    LANGUAGE sql STABLE SECURITY DEFINER
    RETURN (SELECT e.freq FROM pg_catalog.pg_stats s,
                unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
            WHERE s.tablename = 'finding_text_chars' AND e.elem = c
            AND s.schemaname = (SELECT n.nspname FROM pg_catalog.pg_class r
                                JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
                                WHERE r.oid = 'finding_text_chars'::regclass)
            LIMIT 1);
"""

# Blobs (photos, PDFs) by SHA-256, checked against it on every read
# (``PostgresHQ.blob``).  The reasoning for keeping them in the database
# is in docs/headquarters.md.  STORAGE EXTERNAL: JPEG and PDF bytes do not
# compress, so PostgreSQL should not try.
V1_BLOBS = """
CREATE TABLE blob (
    sha256 text COLLATE "C" PRIMARY KEY,
    size bigint NOT NULL,
    data bytea NOT NULL
);
ALTER TABLE blob ALTER COLUMN data SET STORAGE EXTERNAL;
"""

# The two roles of docs/headquarters.md: clerks read, importers also write.  Created
# by ``hq init --roles`` (which needs the right to create roles); NOLOGIN groups, so
# the administrator grants them to login users.
ROLES = {
    "sitecheck_clerk": "GRANT USAGE ON SCHEMA {schema} TO sitecheck_clerk; "
                       "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO sitecheck_clerk;",
    "sitecheck_importer": "GRANT USAGE ON SCHEMA {schema} TO sitecheck_importer; "
                          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
                          "TO sitecheck_importer; GRANT TEMPORARY ON DATABASE {database} "
                          "TO sitecheck_importer;",
}

# Workspace migration 8 (per-equipment tables): the equipment an answer is for (NULL:
# the unit-level checklist), one answer per inspection, checklist, item and equipment
# (COALESCE as in the workspace, so two unit-level answers to one item still clash);
# the equipment selected for an inspection, with its attributes (JSON).
V2_EQUIPMENT_TABLES = """
ALTER TABLE answer ADD COLUMN for_equipment text COLLATE "C";
ALTER TABLE inspection ADD COLUMN equipment_tables text COLLATE "C";
DROP INDEX answer_item;
CREATE UNIQUE INDEX answer_item ON answer(inspection_id, checklist_hash, item_id,
    COALESCE(for_equipment, ''));
"""

# Workspace migration 9 (the annual plan): what of it travels in a bundle, the task an
# inspection was started for (``inspection.task_id``, no reference: the plan and its
# tasks go from headquarters to the field in the pack, never back) and who set an
# enterprise's risk grade, when and why.
V3_PLAN = """
ALTER TABLE inspection ADD COLUMN task_id text COLLATE "C";
ALTER TABLE enterprise ADD COLUMN risk_set_by text COLLATE "C",
    ADD COLUMN risk_reason text COLLATE "C", ADD COLUMN risk_set_at text COLLATE "C";
CREATE INDEX inspection_task ON inspection(task_id) WHERE task_id IS NOT NULL;
"""

# Workspace migration 10 (certificates) adds nothing that travels in a bundle.
# Workspace migration 11 (signatures captured on screen): the signature rows.
V4_SIGNATURES = """
CREATE TABLE signature (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    document_id text COLLATE "C",
    role text COLLATE "C" NOT NULL,
    signer text COLLATE "C" NOT NULL,
    signed_at text COLLATE "C" NOT NULL,
    strokes text COLLATE "C" NOT NULL,
    sha256 text COLLATE "C" NOT NULL
);
CREATE INDEX signature_inspection ON signature(inspection_id, kind);
CREATE INDEX signature_document ON signature(document_id);
"""

# Workspace migrations 12 (行政处罚: penalty records) and 13 (挂牌督办: supervision
# records): both audited and carried in bundles, merged by the record rules; the
# ledger's supervision filters read ``supervision_finding`` (the listings of a finding)
# and ``supervision_active`` (the listings not yet 摘牌, by deadline: overdue ones).
# Workspace migration 14 adds nothing that travels (a local statistics table and
# ``finding.enterprise_district``, a local copy never sent).
V5_PENALTY_SUPERVISION = """
CREATE TABLE penalty (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    inspection_id text COLLATE "C" NOT NULL,
    filed_on text COLLATE "C" NOT NULL,
    decision_number text COLLATE "C",
    decided_on text COLLATE "C",
    kinds text COLLATE "C" NOT NULL DEFAULT '[]',
    amount_fen bigint,
    note text COLLATE "C"
);
CREATE INDEX penalty_inspection ON penalty(inspection_id);
CREATE INDEX penalty_filed ON penalty(filed_on);
CREATE INDEX penalty_decided ON penalty(decided_on) WHERE decided_on IS NOT NULL;
CREATE TABLE supervision (
    id text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted bigint NOT NULL DEFAULT 0,
    finding_id text COLLATE "C" NOT NULL,
    listed_on text COLLATE "C" NOT NULL,
    supervisor text COLLATE "C" NOT NULL,
    deadline text COLLATE "C" NOT NULL,
    notice_document_id text COLLATE "C",
    delisted_on text COLLATE "C",
    delist_basis text COLLATE "C"
);
CREATE INDEX supervision_finding ON supervision(finding_id);
CREATE INDEX supervision_listed ON supervision(listed_on);
CREATE INDEX supervision_delisted ON supervision(delisted_on) WHERE delisted_on IS NOT NULL;
CREATE INDEX supervision_active ON supervision(deadline, finding_id)
    WHERE deleted = 0 AND delisted_on IS NULL;
"""

# Workspace migration 15 (reports by period, storage/reports.py): the findings closed in a
# period and the documents issued in it as index ranges, a document's correction by its
# ``supersedes_id``; and the inspections started in it (the workspace has had
# ``inspection_started`` since its first schema).
V6_REPORT_DATES = """
CREATE INDEX inspection_started ON inspection(started_at);
CREATE INDEX finding_closed ON finding(state_at) WHERE state = 'closed';
CREATE INDEX document_issued ON document(issued_at);
CREATE INDEX document_supersedes ON document(supersedes_id) WHERE supersedes_id IS NOT NULL;
"""

# Workspace migration 16: the ledger's orders by a code's rank (state, level,
# rectification: storage/ledger.py ``_rank``) read from an index on that very expression
# and the id, forwards or backwards, the cursor's row comparison an index condition.
# Also the statistics' own summary, one row per grouping and key (``stat_key``, as
# the workspace's: storage/summary.py ``key_script``): kept from ``finding_stat`` and
# ``inspection_stat`` by statement triggers over the rows each statement changed (the
# merge's set-based upserts and deletes), so a grouping of many enterprises reads a
# row per enterprise, not one per level, state and deadline day; overdue is
# ``dated`` less the outstanding findings due on the day or later (``finding_stat_dated``).
V7_RANK_ORDER_STAT_KEY = """
CREATE INDEX finding_state_rank ON finding ((CASE state WHEN 'open' THEN 0 WHEN 'ordered' THEN 1
    WHEN 'rectified' THEN 2 WHEN 'closed' THEN 3 ELSE 4 END), id);
CREATE INDEX finding_level_rank ON finding ((CASE level WHEN 'general' THEN 0 WHEN 'major' THEN 1
    ELSE 2 END), id);
CREATE INDEX finding_rectification_rank ON finding ((CASE rectification WHEN 'immediate' THEN 0
    WHEN 'deadline' THEN 1 WHEN 'stop_use' THEN 2 ELSE 3 END), id);
CREATE TABLE stat_key (
    dim text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    inspections bigint NOT NULL,
    hazards bigint NOT NULL,
    major bigint NOT NULL,
    rectified bigint NOT NULL,
    closed bigint NOT NULL,
    dated bigint NOT NULL,
    PRIMARY KEY (dim, key)
);
CREATE INDEX finding_stat_dated ON finding_stat (dim, deadline) WHERE deadline <> '';
"""
_KEY_FIGURES = ("inspections", "hazards", "major", "rectified", "closed", "dated")
_KEY_OF = {"inspection_stat": ("dim, key, n", "SUM(n), 0, 0, 0, 0, 0"),
           "finding_stat": ("dim, key, level, state, deadline, n",
                            "0, SUM(n), SUM(CASE WHEN level = 'major' THEN n ELSE 0 END), "
                            "SUM(CASE WHEN state IN ('rectified', 'closed') THEN n ELSE 0 END), "
                            "SUM(CASE WHEN state = 'closed' THEN n ELSE 0 END), "
                            "SUM(CASE WHEN deadline <> '' THEN n ELSE 0 END)")}


def _key_add(table: str, rows: str) -> str:
    """Add the figures of ``rows`` (``table``'s columns, n as the change) to stat_key."""
    figures = ", ".join(_KEY_FIGURES)
    sets = ", ".join(f"{c} = k.{c} + excluded.{c}" for c in _KEY_FIGURES)
    return (f"INSERT INTO stat_key AS k (dim, key, {figures}) SELECT dim, key, {_KEY_OF[table][1]} "
            f"FROM ({rows}) AS r GROUP BY dim, key ON CONFLICT (dim, key) DO UPDATE SET {sets};")


def _key_triggers(table: str) -> str:
    """The function and statement triggers that keep stat_key equal to the sums of
    ``table`` (an upsert fires the insert and the update trigger, each with its rows)."""
    columns = _KEY_OF[table][0]
    negated = columns.replace(" n", " -n AS n")
    new, old = f"SELECT {columns} FROM new_rows", f"SELECT {negated} FROM old_rows"
    out = (f"CREATE FUNCTION sc_{table}_key() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           f"IF TG_OP = 'INSERT' THEN {_key_add(table, new)} "
           f"ELSIF TG_OP = 'UPDATE' THEN {_key_add(table, f'{new} UNION ALL {old}')} "
           f"ELSE {_key_add(table, old)} END IF; RETURN NULL; END $$;\n")
    for name, event, tables in (("ai", "INSERT", "NEW TABLE AS new_rows"),
                                ("au", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                ("ad", "DELETE", "OLD TABLE AS old_rows")):
        out += (f"CREATE TRIGGER {table}_key_{name} AFTER {event} ON {table} REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION sc_{table}_key();\n")
    return out


V7_RANK_ORDER_STAT_KEY += "".join(
    _key_add(table, f"SELECT {_KEY_OF[table][0]} FROM {table}") + "\n" + _key_triggers(table)
    for table in ("inspection_stat", "finding_stat"))

MIGRATIONS: list[str] = [V1_TABLES + V1_INDEXES + V1_SUMMARY + V1_SEARCH + V1_BLOBS,
                         V2_EQUIPMENT_TABLES, V3_PLAN, V4_SIGNATURES, V5_PENALTY_SUPERVISION,
                         V6_REPORT_DATES, V7_RANK_ORDER_STAT_KEY]
LATEST = len(MIGRATIONS)
# The workspace migrations (storage/migrations.py) each of these mirrors: what of them
# travels in a bundle (docs/headquarters.md; tests/hq/test_schema_parity.py checks the result).
MIRRORS = {1: (1, 2, 3, 4, 5, 6, 7), 2: (8,), 3: (9,), 4: (10, 11), 5: (12, 13, 14), 6: (15,), 7: (16,)}
