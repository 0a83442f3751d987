-- Removes what install.sql added: the routines, the assembly and its trusted hash. Run in the same database:
--   sqlcmd -S <server> -d <database> -i sql/sqlserver/uninstall.sql
-- dbo.nl_config and the nlquery_users role are kept (settings and memberships someone made); the last lines drop them.

:on error exit
SET NOCOUNT ON;
GO

DROP PROCEDURE IF EXISTS dbo.nl_ask;
DROP FUNCTION IF EXISTS dbo.nl_sql;
IF EXISTS (SELECT 1 FROM sys.assemblies WHERE name = N'NlQuery.SqlServer')
    DROP ASSEMBLY [NlQuery.SqlServer];
GO

-- Every hash install.sql trusted (one per build installed), SQL Server 2017 and later; needs sysadmin.
DECLARE @hash varbinary(64);
WHILE 1 = 1
BEGIN
    SET @hash = NULL;
    SELECT TOP (1) @hash = hash FROM sys.trusted_assemblies WHERE description = N'nlquery.sqlserver';
    IF @hash IS NULL
        BREAK;
    EXEC sys.sp_drop_trusted_assembly @hash = @hash;
END;
GO

-- To remove the settings and the role as well:
--   DROP TABLE IF EXISTS dbo.nl_config;
--   DROP ROLE IF EXISTS nlquery_users;   -- fails while the role has members
