namespace Tandem.Load.Proc;

/// <summary>One reading of a process from /proc.</summary>
/// <param name="RssBytes">Resident set size (VmRSS).</param>
/// <param name="PeakRssBytes">Highest resident set size so far (VmHWM).</param>
/// <param name="CpuSeconds">User plus system CPU time consumed so far.</param>
/// <param name="Threads">Threads of the process.</param>
public readonly record struct ProcessSample(long RssBytes, long PeakRssBytes, double CpuSeconds, int Threads);
