-- NlQuery feedback store, PostgreSQL. One row per correction or rating of a generated query.
CREATE TABLE IF NOT EXISTS nlquery_feedback (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_utc   timestamptz NOT NULL,
    question      text        NOT NULL,
    database_name text        NOT NULL,
    schema_hash   text        NOT NULL,
    generated_sql text,
    corrected_sql text,
    rating        smallint    CHECK (rating IN (0, 1)),
    status        text        NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'rejected')),
    reason        text
);
-- Tables made before corrections had a status: a refused correction is kept as 'rejected' with the reason.
ALTER TABLE nlquery_feedback ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'rejected'));
ALTER TABLE nlquery_feedback ADD COLUMN IF NOT EXISTS reason text;
CREATE INDEX IF NOT EXISTS nlquery_feedback_database ON nlquery_feedback (database_name, created_utc);
