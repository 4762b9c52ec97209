using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(RegimenMonitor.Benchmarks.EngineBenchmarks).Assembly).Run(args);
