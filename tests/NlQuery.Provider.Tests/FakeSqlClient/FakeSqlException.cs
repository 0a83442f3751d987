using System.Data.Common;

namespace NlQuery.Tests;

/// <summary>What the fake SQL Server throws for a statement it refuses: a DbException, as SqlClient's SqlException is.</summary>
public sealed class FakeSqlException(string message) : DbException(message);
