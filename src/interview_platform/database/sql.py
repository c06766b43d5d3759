"""SQL statements of the PostgreSQL data store (parameterised only).

Inserts of client-identified rows use ``ON CONFLICT DO NOTHING`` so that a write
retried after a lost acknowledgement does not create a duplicate.
"""

from __future__ import annotations

# Any constant works; it only has to be the same for every app instance.
SCHEMA_LOCK_KEY = 7_341_202_611

SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(%s)"
SCHEMA_VERSION = "SELECT max(version) AS version FROM schema_version"
SCHEMA_VERSION_TABLE_EXISTS = "SELECT to_regclass('schema_version') IS NOT NULL AS present"
HEALTH = "SELECT 1 AS ok"

# -- candidates and resumes ------------------------------------------------------
INSERT_CANDIDATE = """
INSERT INTO candidates (id, name, email, created_at, account_id)
VALUES (%(id)s, %(name)s, %(email)s, %(created_at)s, %(account_id)s)
ON CONFLICT (id) DO NOTHING
"""
_CANDIDATE_COLUMNS = "id, name, email, created_at, account_id"
SELECT_CANDIDATE = f"SELECT {_CANDIDATE_COLUMNS} FROM candidates WHERE id = %s"
LIST_CANDIDATES = f"SELECT {_CANDIDATE_COLUMNS} FROM candidates ORDER BY name, created_at"
LIST_CANDIDATES_OF = f"""
SELECT {_CANDIDATE_COLUMNS} FROM candidates WHERE account_id = %s ORDER BY name, created_at
"""

_RESUME_COLUMNS = "id, candidate_id, filename, raw_text, parsed, created_at"
INSERT_RESUME = """
INSERT INTO resumes (id, candidate_id, filename, raw_text, parsed, created_at)
VALUES (%(id)s, %(candidate_id)s, %(filename)s, %(raw_text)s, %(parsed)s, %(created_at)s)
ON CONFLICT (id) DO NOTHING
"""
SELECT_RESUME = f"SELECT {_RESUME_COLUMNS} FROM resumes WHERE id = %s"
SELECT_LATEST_RESUME = f"""
SELECT {_RESUME_COLUMNS} FROM resumes WHERE candidate_id = %s
ORDER BY created_at DESC, id DESC LIMIT 1
"""

# -- sessions ----------------------------------------------------------------------
_SESSION_COLUMNS = (
    "id, candidate_id, resume_id, status, provider, model, modes, problem_id, problem_text, "
    "level, planned_minutes, created_at, started_at, ended_at, metadata"
)
INSERT_SESSION = """
INSERT INTO sessions (id, candidate_id, resume_id, status, provider, model, modes, problem_id,
                      problem_text, level, planned_minutes, created_at, started_at, ended_at,
                      metadata)
VALUES (%(id)s, %(candidate_id)s, %(resume_id)s, %(status)s, %(provider)s, %(model)s,
        %(modes)s::text[], %(problem_id)s, %(problem_text)s, %(level)s, %(planned_minutes)s,
        %(created_at)s, %(started_at)s, %(ended_at)s, %(metadata)s)
ON CONFLICT (id) DO NOTHING
"""
UPDATE_SESSION = f"""
UPDATE sessions SET status = %(status)s, provider = %(provider)s, model = %(model)s,
       modes = %(modes)s::text[], problem_id = %(problem_id)s, problem_text = %(problem_text)s,
       level = %(level)s, planned_minutes = %(planned_minutes)s, resume_id = %(resume_id)s,
       started_at = %(started_at)s, ended_at = %(ended_at)s, metadata = %(metadata)s
WHERE id = %(id)s
  AND (status NOT IN ('ending', 'completed') OR %(status)s IN ('ending', 'completed'))
RETURNING {_SESSION_COLUMNS}
"""
SELECT_SESSION = f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = %s"
# An ended session never goes back (the second condition above): a pause or resume read
# before a concurrent end cannot overwrite it. The claim of an end is the same write,
# only while the session is still active or paused, so of two concurrent ends exactly
# one gets a row back (the state moves once).
CLAIM_END = UPDATE_SESSION.replace(
    "WHERE id = %(id)s", "WHERE id = %(id)s AND status IN ('active', 'paused')"
)

# NULL filters fold away at plan time (psycopg2 sends literal values).
_SESSION_FILTER = """
WHERE (%(candidate_id)s::text IS NULL OR candidate_id = %(candidate_id)s)
  AND (%(statuses)s::text[] IS NULL OR status = ANY(%(statuses)s::text[]))
"""
LIST_SESSIONS = f"""
SELECT {_SESSION_COLUMNS} FROM sessions
{_SESSION_FILTER}
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT_SESSIONS = f"SELECT count(*) AS n FROM sessions {_SESSION_FILTER}"

# -- conversation --------------------------------------------------------------------
_MESSAGE_COLUMNS = "id, session_id, role, content, mode, created_at, metadata"
INSERT_MESSAGE = """
INSERT INTO messages (id, session_id, role, content, mode, created_at, metadata)
VALUES (%(id)s, %(session_id)s, %(role)s, %(content)s, %(mode)s, %(created_at)s, %(metadata)s)
ON CONFLICT (id) DO NOTHING
"""
# Stored only while the session is active: FOR SHARE waits for an end being committed and
# then sees its status, so nothing is stored after an end and an end never misses a message.
INSERT_MESSAGE_IF_ACTIVE = """
INSERT INTO messages (id, session_id, role, content, mode, created_at, metadata)
SELECT %(id)s, %(session_id)s, %(role)s, %(content)s, %(mode)s, %(created_at)s, %(metadata)s
FROM sessions WHERE id = %(session_id)s AND status = 'active'
FOR SHARE
ON CONFLICT (id) DO NOTHING
"""
SELECT_MESSAGES = f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE session_id = %s ORDER BY seq"
SELECT_LAST_MESSAGES = f"""
SELECT {_MESSAGE_COLUMNS} FROM (
    SELECT seq, {_MESSAGE_COLUMNS} FROM messages WHERE session_id = %s
    ORDER BY seq DESC LIMIT %s
) AS newest ORDER BY seq
"""
COUNT_MESSAGES = "SELECT count(*) AS n FROM messages WHERE session_id = %s"

# -- whiteboard ------------------------------------------------------------------------
UPSERT_WHITEBOARD_STATE = """
INSERT INTO whiteboard_states (session_id, canvas, version, updated_at) VALUES (%s, %s, 1, now())
ON CONFLICT (session_id) DO UPDATE SET canvas = EXCLUDED.canvas,
    version = whiteboard_states.version + 1, updated_at = now()
"""
# Saves only over the version the tab loaded (none yet: 0). The new version is
# written as expected + 1 rather than version + 1, and the same canvas already at that
# version counts as saved, so a retried statement (Statements retries) is not a conflict.
SAVE_WHITEBOARD_IF_VERSION = """
INSERT INTO whiteboard_states (session_id, canvas, version, updated_at)
VALUES (%(session_id)s, %(canvas)s, %(expected)s + 1, now())
ON CONFLICT (session_id) DO UPDATE SET canvas = EXCLUDED.canvas,
    version = EXCLUDED.version, updated_at = now()
WHERE whiteboard_states.version = %(expected)s
   OR (whiteboard_states.version = EXCLUDED.version AND whiteboard_states.canvas = EXCLUDED.canvas)
RETURNING version
"""
SELECT_WHITEBOARD_STATE = "SELECT canvas, version FROM whiteboard_states WHERE session_id = %s"
_SNAPSHOT_COLUMNS = "id, session_id, media_file_id, object_count, canvas, created_at"
INSERT_SNAPSHOT = """
INSERT INTO whiteboard_snapshots (id, session_id, media_file_id, object_count, canvas, created_at)
VALUES (%(id)s, %(session_id)s, %(media_file_id)s, %(object_count)s, %(canvas)s, %(created_at)s)
ON CONFLICT (id) DO NOTHING
"""
LIST_SNAPSHOTS = f"""
SELECT {_SNAPSHOT_COLUMNS} FROM whiteboard_snapshots WHERE session_id = %s
ORDER BY created_at, seq
"""

# -- media -------------------------------------------------------------------------------
_MEDIA_COLUMNS = "id, session_id, kind, path, size_bytes, sha256, created_at, metadata"
INSERT_MEDIA = """
INSERT INTO media_files (id, session_id, kind, path, size_bytes, sha256, created_at, metadata)
VALUES (%(id)s, %(session_id)s, %(kind)s, %(path)s, %(size_bytes)s, %(sha256)s,
        %(created_at)s, %(metadata)s)
ON CONFLICT (id) DO NOTHING
"""
LIST_MEDIA = f"""
SELECT {_MEDIA_COLUMNS} FROM media_files
WHERE session_id = %(session_id)s AND (%(kind)s::text IS NULL OR kind = %(kind)s)
ORDER BY created_at, seq
"""
SELECT_MEDIA = f"SELECT {_MEDIA_COLUMNS} FROM media_files WHERE id = %s"
DELETE_SESSION_MEDIA = "DELETE FROM media_files WHERE session_id = %s"

# -- evaluations -------------------------------------------------------------------------
UPSERT_EVALUATION = """
INSERT INTO evaluations (session_id, status, engine, rubric_version, overall_score, is_fallback,
                         report, created_at)
VALUES (%(session_id)s, %(status)s, %(engine)s, %(rubric_version)s, %(overall_score)s,
        %(is_fallback)s, %(report)s, %(created_at)s)
ON CONFLICT (session_id) DO UPDATE SET
    status = EXCLUDED.status, engine = EXCLUDED.engine,
    rubric_version = EXCLUDED.rubric_version, overall_score = EXCLUDED.overall_score,
    is_fallback = EXCLUDED.is_fallback, report = EXCLUDED.report,
    created_at = EXCLUDED.created_at
"""
SELECT_EVALUATION = "SELECT report, created_at FROM evaluations WHERE session_id = %s"
LIST_EVALUATIONS = """
SELECT e.report, e.created_at FROM evaluations AS e
JOIN sessions AS s ON s.id = e.session_id
WHERE s.candidate_id = %s AND e.status = 'completed'
ORDER BY s.created_at, e.created_at
"""

# -- token usage ---------------------------------------------------------------------------
INSERT_AI_USAGE = """
INSERT INTO token_usage (id, session_id, provider, model, operation, input_tokens,
                         output_tokens, cost_usd, created_at)
VALUES (%(id)s, %(session_id)s, %(provider)s, %(model)s, %(operation)s, %(input_tokens)s,
        %(output_tokens)s, %(cost_usd)s, %(created_at)s)
ON CONFLICT (id) DO NOTHING
"""
_USAGE_SUMS = """
COALESCE(sum(input_tokens), 0)::bigint AS input_tokens,
COALESCE(sum(output_tokens), 0)::bigint AS output_tokens,
COALESCE(sum(cost_usd), 0)::numeric AS cost_usd,
count(*) AS calls,
count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_calls
"""
USAGE_SUMMARY = f"SELECT {_USAGE_SUMS} FROM token_usage WHERE session_id = %s"
USAGE_BY_OPERATION = f"""
SELECT operation, {_USAGE_SUMS} FROM token_usage WHERE session_id = %s
GROUP BY operation ORDER BY operation
"""

# -- an interviewer turn's reads ------------------------------------------------------------
# The session with its resume, saved drawing and usage totals in one round trip.
_S_COLUMNS = ", ".join(f"s.{name}" for name in _SESSION_COLUMNS.split(", "))
SELECT_TURN = f"""
SELECT {_S_COLUMNS},
       r.id AS resume_row_id, r.candidate_id AS resume_candidate_id, r.filename AS resume_filename,
       r.raw_text AS resume_raw_text, r.parsed AS resume_parsed,
       r.created_at AS resume_created_at,
       w.canvas AS canvas,
       u.input_tokens, u.output_tokens, u.cost_usd, u.calls, u.unpriced_calls
FROM sessions AS s
LEFT JOIN resumes AS r ON r.id = s.resume_id
LEFT JOIN whiteboard_states AS w ON w.session_id = s.id
CROSS JOIN LATERAL (SELECT {_USAGE_SUMS} FROM token_usage WHERE session_id = s.id) AS u
WHERE s.id = %s
"""

# -- audit -----------------------------------------------------------------------------------
INSERT_AUDIT_VALUES = """
INSERT INTO audit_logs (id, created_at, level, component, action, message, session_id, details)
VALUES %s
ON CONFLICT (id) DO NOTHING
"""
LIST_AUDIT = """
SELECT id, created_at, level, component, action, message, session_id, details
FROM audit_logs
WHERE (%(session_id)s::text IS NULL OR session_id = %(session_id)s)
ORDER BY created_at DESC, seq DESC
LIMIT %(limit)s
"""
