namespace NlQuery.Tests;

/// <summary>
/// Tests that change process-wide state (the current folder, the default engine, Console.Out) run in this collection,
/// which xunit runs alone, after the parallel collections.
/// </summary>
[CollectionDefinition(nameof(ReadmeCollection), DisableParallelization = true)]
public sealed class ReadmeCollection;
