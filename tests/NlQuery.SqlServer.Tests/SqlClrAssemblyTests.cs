using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NlQuery.SqlServer.Tests;

/// <summary>
/// The net48 assembly that install.sql loads into SQL Server, read as metadata (it cannot run here). SQL Server
/// loads only its supported framework assemblies without CREATE ASSEMBLY for each dependency, so the add-in must
/// reference nothing else, and T-SQL must find the entry points install.sql names.
/// </summary>
public sealed class SqlClrAssemblyTests
{
    private static string Path => typeof(SqlClrAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SqlClrAssembly").Value!;

    [Fact]
    public void ItReferencesOnlyAssembliesSqlServerSupports()
    {
        Assert.True(File.Exists(Path), $"the net48 build is missing: {Path}");
        using var pe = new PEReader(File.OpenRead(Path));
        var metadata = pe.GetMetadataReader();

        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal).ToArray();

        // Microsoft.SqlServer.Server's net46 build forwards its attributes to System.Data, so no reference to it remains.
        Assert.Equal(["System", "System.Data", "mscorlib"], references);
    }

    [Fact]
    public void ItHasTheEntryPointsInstallSqlNames()
    {
        using var pe = new PEReader(File.OpenRead(Path));
        var metadata = pe.GetMetadataReader();
        var type = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Namespace) == "NlQuery.SqlServer" && metadata.GetString(t.Name) == "NlSqlFunctions");

        var methods = type.GetMethods().Select(h => metadata.GetString(metadata.GetMethodDefinition(h).Name)).ToHashSet();

        Assert.Superset(new HashSet<string> { "nl_sql", "nl_ask" }, methods);
        var install = File.ReadAllText(System.IO.Path.Combine(SharedDataRoot(), "sql", "sqlserver", "install.sql"));
        Assert.Contains("EXTERNAL NAME [NlQuery.SqlServer].[NlQuery.SqlServer.NlSqlFunctions].nl_sql", install);
        Assert.Contains("EXTERNAL NAME [NlQuery.SqlServer].[NlQuery.SqlServer.NlSqlFunctions].nl_ask", install);
    }

    private static string SharedDataRoot() => NlQuery.Tests.SharedData.RepositoryRoot;
}
