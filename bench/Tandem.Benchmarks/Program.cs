using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g.
//   dotnet run -c Release --project bench/Tandem.Benchmarks -- --filter '*Srtp*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
