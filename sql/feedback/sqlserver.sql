-- NlQuery feedback store, SQL Server (T-SQL). One row per correction or rating of a generated query.
IF OBJECT_ID(N'dbo.nlquery_feedback', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.nlquery_feedback (
        id            bigint IDENTITY(1, 1) PRIMARY KEY,
        created_utc   datetime2      NOT NULL,
        question      nvarchar(max)  NOT NULL,
        database_name nvarchar(256)  NOT NULL,
        schema_hash   varchar(64)    NOT NULL,
        generated_sql nvarchar(max)  NULL,
        corrected_sql nvarchar(max)  NULL,
        rating        tinyint        NULL CHECK (rating IN (0, 1)),
        status        varchar(16)    NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'rejected')),
        reason        nvarchar(max)  NULL
    );
    CREATE INDEX nlquery_feedback_database ON dbo.nlquery_feedback (database_name, created_utc);
END
-- Tables made before corrections had a status: a refused correction is kept as 'rejected' with the reason.
IF COL_LENGTH(N'dbo.nlquery_feedback', N'status') IS NULL
    ALTER TABLE dbo.nlquery_feedback ADD status varchar(16) NOT NULL
        CONSTRAINT nlquery_feedback_status DEFAULT 'accepted' CHECK (status IN ('accepted', 'rejected'));
IF COL_LENGTH(N'dbo.nlquery_feedback', N'reason') IS NULL
    ALTER TABLE dbo.nlquery_feedback ADD reason nvarchar(max) NULL;
