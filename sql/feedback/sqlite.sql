-- NlQuery feedback store, SQLite. One row per correction or rating of a generated query.
CREATE TABLE IF NOT EXISTS nlquery_feedback (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created_utc   TEXT    NOT NULL,            -- ISO 8601, UTC
    question      TEXT    NOT NULL,
    database_name TEXT    NOT NULL,
    schema_hash   TEXT    NOT NULL,            -- DatabaseSchema.ComputeHash() when the question was asked
    generated_sql TEXT,
    corrected_sql TEXT,                        -- NULL for a rating only
    rating        INTEGER,                     -- 1 good, 0 bad, NULL when not rated
    status        TEXT    NOT NULL DEFAULT 'accepted', -- 'rejected': a correction the parser or database refused
    reason        TEXT                         -- why it was rejected (never trained on)
);
-- An older table gets status and reason from FeedbackStore (SQLite has no ADD COLUMN IF NOT EXISTS).
CREATE INDEX IF NOT EXISTS nlquery_feedback_database ON nlquery_feedback (database_name, created_utc);
