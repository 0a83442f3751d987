-- NlQuery's SQL Server add-in: dbo.nl_sql(@question) returns the SQL NlQuery would run, dbo.nl_ask @question returns
-- its rows. Both ask the local NlQuery service (nlq serve; default http://127.0.0.1:5000) over HTTP: no model and no
-- native code is loaded into SQL Server. Run it in the database that should have them, in sqlcmd mode:
--
--   dotnet build src/NlQuery.SqlServer -c Release
--   sqlcmd -S <server> -d <database> -i sql/sqlserver/install.sql -v AssemblyPath="C:\nlquery\NlQuery.SqlServer.dll"
--
-- AssemblyPath: the net48 build (src/NlQuery.SqlServer/bin/Release/net48/NlQuery.SqlServer.dll) at a path the SQL
-- Server service account can read on the server's machine. For a server that cannot read your files, replace both
-- N'$(AssemblyPath)' reads below with the DLL's bytes as a literal (FROM 0x4D5A…; e.g. xxd -p NlQuery.SqlServer.dll | tr -d '\n').
--
-- Trust. The assembly needs EXTERNAL_ACCESS: it opens a network connection. Since SQL Server 2017, 'clr strict
-- security' (on by default) treats every assembly as UNSAFE, so it must be either trusted by hash (done below with
-- sys.sp_add_trusted_assembly; needs sysadmin) or signed with a certificate or asymmetric key whose login holds
-- UNSAFE ASSEMBLY. ALTER DATABASE … SET TRUSTWORTHY ON also lets it load, but it lets any db_owner of this database
-- act as sysadmin: keep that for throw-away servers.
--
-- Who sees what: nl_ask's rows are read by the NlQuery service with ITS connection, not the caller's permissions.
-- Grant the role below only to people allowed to see what the service's login can read.
--
-- Untested: no SQL Server runs where NlQuery is built, so this script, the SQLCLR hosting and the result pipe have
-- not been run (README, SQL Server add-in).

:on error exit
SET NOCOUNT ON;
GO

-- CLR must be on for the instance (ALTER SETTINGS: sysadmin or serveradmin).
EXEC sys.sp_configure N'clr enabled', 1;
RECONFIGURE;
GO

-- Trust this exact build by its SHA-512 (SQL Server 2017 and later). A rebuilt DLL has a new hash: run uninstall.sql first.
DECLARE @hash varbinary(64) =
    (SELECT HASHBYTES('SHA2_512', BulkColumn) FROM OPENROWSET(BULK N'$(AssemblyPath)', SINGLE_BLOB) AS dll);
IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @hash)
    EXEC sys.sp_add_trusted_assembly @hash = @hash, @description = N'nlquery.sqlserver';
GO

-- Where the service is. Rows: base_url, timeout_seconds (1 to 3600), and optionally database (the name sent with each
-- question; by default the current database's). A missing row keeps the default.
IF OBJECT_ID(N'dbo.nl_config', N'U') IS NULL
    CREATE TABLE dbo.nl_config
    (
        name  sysname        NOT NULL PRIMARY KEY,
        value nvarchar(4000) NULL
    );
IF NOT EXISTS (SELECT 1 FROM dbo.nl_config WHERE name = N'base_url')
    INSERT INTO dbo.nl_config (name, value) VALUES (N'base_url', N'http://127.0.0.1:5000');
IF NOT EXISTS (SELECT 1 FROM dbo.nl_config WHERE name = N'timeout_seconds')
    INSERT INTO dbo.nl_config (name, value) VALUES (N'timeout_seconds', N'60');
GO

-- The assembly's name must be the one in its manifest.
CREATE ASSEMBLY [NlQuery.SqlServer]
    FROM N'$(AssemblyPath)'
    WITH PERMISSION_SET = EXTERNAL_ACCESS;
GO

CREATE FUNCTION dbo.nl_sql (@question nvarchar(max))
RETURNS nvarchar(max)
AS EXTERNAL NAME [NlQuery.SqlServer].[NlQuery.SqlServer.NlSqlFunctions].nl_sql;
GO

CREATE PROCEDURE dbo.nl_ask @question nvarchar(max)
AS EXTERNAL NAME [NlQuery.SqlServer].[NlQuery.SqlServer.NlSqlFunctions].nl_ask;
GO

-- Callers need EXECUTE on the routines and SELECT on dbo.nl_config: the routines read it through the context
-- connection as the caller, and ownership chaining does not reach a CLR routine's own queries.
IF DATABASE_PRINCIPAL_ID(N'nlquery_users') IS NULL
    CREATE ROLE nlquery_users;
GRANT EXECUTE ON dbo.nl_sql TO nlquery_users;
GRANT EXECUTE ON dbo.nl_ask TO nlquery_users;
GRANT SELECT ON dbo.nl_config TO nlquery_users;
GO

-- Try it (with nlq serve --db <this database> running):
--   SELECT dbo.nl_sql(N'how many customers are there?');
--   EXEC dbo.nl_ask @question = N'the five most expensive products';
