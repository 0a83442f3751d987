using BenchmarkDotNet.Running;
using NlQuery.Benchmarks;

// dotnet run -c Release --project bench/NlQuery.Benchmarks -- --filter '*CandidateToken*'
// dotnet run -c Release --project bench/NlQuery.Benchmarks -- --distribution   (per-check percentiles, Stopwatch)
if (args is ["--distribution", ..])
    return CandidateCheckDistribution.Run();
// dotnet run -c Release --project bench/NlQuery.Benchmarks -- --ask-latency   (nlq ask path, warm, percentiles)
if (args is ["--ask-latency", ..])
    return await AskLatency.RunAsync(args);
// Benchmarks over Spider fail in their setup with the same message; say it up front too.
if (SpiderBenchmarkData.Locate() is null)
    Console.Error.WriteLine("note: " + SpiderBenchmarkData.MissingMessage);
BenchmarkSwitcher.FromAssembly(typeof(SpiderBenchmarkData).Assembly).Run(args);
return 0;
