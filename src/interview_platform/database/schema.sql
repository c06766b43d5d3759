-- Interview platform: complete PostgreSQL schema (version 3).
--
-- Idempotent: every statement is IF NOT EXISTS / ON CONFLICT DO NOTHING, so it can be
-- applied on every start. The application runs it in one transaction under an advisory
-- lock; docker compose mounts the identical copy init.sql (repo root) as an init script.
-- Ids are client-generated strings (UUID4 by default) so a retried insert is a no-op.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS candidates (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS resumes (
    id           TEXT PRIMARY KEY,
    candidate_id TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    raw_text     TEXT NOT NULL,
    parsed       JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS resumes_candidate_created_idx
    ON resumes (candidate_id, created_at DESC);

CREATE TABLE IF NOT EXISTS sessions (
    id              TEXT PRIMARY KEY,
    candidate_id    TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    resume_id       TEXT REFERENCES resumes (id) ON DELETE SET NULL,
    status          TEXT NOT NULL
        CHECK (status IN ('created', 'active', 'paused', 'ending', 'completed')),
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    modes           TEXT[] NOT NULL DEFAULT ARRAY['text'],
    problem_id      TEXT,
    problem_text    TEXT NOT NULL DEFAULT '',
    level           TEXT NOT NULL CHECK (level IN ('junior', 'mid', 'senior', 'staff')),
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes > 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    metadata        JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS sessions_created_idx
    ON sessions (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS sessions_candidate_created_idx
    ON sessions (candidate_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS sessions_status_created_idx
    ON sessions (status, created_at DESC, id DESC);

-- seq orders the conversation by insertion, independent of client clocks.
CREATE TABLE IF NOT EXISTS messages (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('interviewer', 'candidate', 'system')),
    content    TEXT NOT NULL,
    mode       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata   JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS messages_session_seq_idx ON messages (session_id, seq);

CREATE TABLE IF NOT EXISTS whiteboard_states (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    canvas     JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Bumped by every save: a tab saves only over the version it loaded (no silent last-write-wins).
ALTER TABLE whiteboard_states ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS media_files (
    seq        BIGSERIAL NOT NULL,
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL
        CHECK (kind IN ('audio', 'video', 'whiteboard', 'screen', 'transcripts')),
    path       TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata   JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS media_files_session_idx
    ON media_files (session_id, kind, created_at, seq);

-- media_file_id has no foreign key: the PNG row and the snapshot row are written by
-- different components and the snapshot must not be lost if the file row lags.
CREATE TABLE IF NOT EXISTS whiteboard_snapshots (
    seq           BIGSERIAL NOT NULL,
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    media_file_id TEXT NOT NULL,
    object_count  INTEGER NOT NULL DEFAULT 0 CHECK (object_count >= 0),
    canvas        JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS whiteboard_snapshots_session_idx
    ON whiteboard_snapshots (session_id, created_at, seq);

CREATE TABLE IF NOT EXISTS evaluations (
    session_id     TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    engine         TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    overall_score  DOUBLE PRECISION NOT NULL DEFAULT 0,
    is_fallback    BOOLEAN NOT NULL DEFAULT FALSE,
    report         JSONB NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- cost_usd NULL means "price unknown", which is not the same as free.
CREATE TABLE IF NOT EXISTS token_usage (
    seq           BIGSERIAL NOT NULL,
    id            TEXT PRIMARY KEY,
    session_id    TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    provider      TEXT NOT NULL,
    model         TEXT NOT NULL,
    operation     TEXT NOT NULL,
    input_tokens  INTEGER NOT NULL CHECK (input_tokens >= 0),
    output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
    cost_usd      NUMERIC,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS token_usage_session_idx ON token_usage (session_id, operation);

-- session_id has no foreign key: audit rows outlive sessions and may precede them.
CREATE TABLE IF NOT EXISTS audit_logs (
    seq        BIGSERIAL NOT NULL,
    id         TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    level      TEXT NOT NULL,
    component  TEXT NOT NULL,
    action     TEXT NOT NULL,
    message    TEXT NOT NULL,
    session_id TEXT,
    details    JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS audit_logs_created_idx ON audit_logs (created_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS audit_logs_session_idx
    ON audit_logs (session_id, created_at DESC, seq DESC);

INSERT INTO schema_version (version, description)
VALUES (1, 'initial schema')
ON CONFLICT (version) DO NOTHING;

-- Version 2: accounts. Every candidate profile (and through it every resume, session,
-- message, drawing, file, evaluation and usage row) belongs to an account; rows made
-- before accounts have no owner and are reached by administrators only.
CREATE TABLE IF NOT EXISTS accounts (
    id                    TEXT PRIMARY KEY,
    email                 TEXT NOT NULL,
    password_hash         TEXT NOT NULL DEFAULT '',
    role                  TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
    may_use_operator_keys BOOLEAN NOT NULL DEFAULT FALSE,
    failed_attempts       INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until          TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_idx ON accounts (lower(email));

-- A browser's sign-in: only the SHA-256 of its random token is kept.
CREATE TABLE IF NOT EXISTS sign_ins (
    token_sha256 TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_ins_account_idx ON sign_ins (account_id);

-- The single-user mode's local administrator (no password: it cannot sign in remotely).
INSERT INTO accounts (id, email, role, may_use_operator_keys)
VALUES ('00000000-0000-4000-8000-000000000001', 'you@this-computer', 'admin', TRUE)
ON CONFLICT DO NOTHING;

ALTER TABLE candidates
    ADD COLUMN IF NOT EXISTS account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS candidates_account_idx ON candidates (account_id, name);

INSERT INTO schema_version (version, description)
VALUES (2, 'accounts and ownership')
ON CONFLICT (version) DO NOTHING;

-- Version 3: serving a cohort. Interview state shared by every app process.
-- [K] shared state: begin
-- Whose turn it is: a row while one app process produces a reply of the session. A lease,
-- not a lock: its holder renews held_until while it works and deletes the row after the
-- turn; a crashed holder's row lapses at held_until and another process takes over.
-- No foreign key: a turn of an unknown session must fail with "not found", not here.
CREATE TABLE IF NOT EXISTS turn_leases (
    session_id TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    held_until TIMESTAMPTZ NOT NULL
);
-- [K] shared state: end

-- Version 3: background jobs on a PostgreSQL queue.
-- [K] jobs: begin
-- Background work (evaluation after an interview ends), run by worker processes. A job is
-- claimed with FOR UPDATE SKIP LOCKED; its worker renews lease_until while it runs, and a
-- job whose lease lapsed (its worker died) is claimed again by another worker. At most one
-- open (queued or running) job of a kind per session: a second enqueue is a no-op.
CREATE TABLE IF NOT EXISTS jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    session_id   TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    payload      JSONB NOT NULL DEFAULT '{}'::jsonb,
    status       TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    run_after    TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_by    TEXT,
    lease_until  TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_one_open_per_session_idx
    ON jobs (kind, session_id) WHERE status IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS jobs_queued_idx ON jobs (run_after) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS jobs_running_idx ON jobs (lease_until) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS jobs_session_idx ON jobs (session_id, created_at DESC);
-- [K] jobs: end

INSERT INTO schema_version (version, description)
VALUES (3, 'shared state and background jobs')
ON CONFLICT (version) DO NOTHING;
