using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/NlQuery.Benchmarks -- --filter '*Name*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
