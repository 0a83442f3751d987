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
        rating        tinyint        NULL CHECK (rating IN (0, 1))
    );
    CREATE INDEX nlquery_feedback_database ON dbo.nlquery_feedback (database_name, created_utc);
END
