using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tandem.DataChannelThroughput;
using Tandem.WebRtc.IntegrationTests.Browser;

// Data-channel throughput, one run: C# <-> C#, C# <-> Chromium (both ways), Chromium <-> Chromium.
// Must run inside the test network namespace (bench/datachannel.sh brings one up).
var options = BenchOptions.Parse(args);
var hosts = TestNetwork.RequireTestNamespace();
Console.Error.WriteLine($"test hosts: {string.Join(", ", hosts)}; load average {Report.LoadAverage()}");

var chromium = new ChromiumFixture();
await chromium.InitializeAsync();
var results = new List<Measurement>();
var machine = new List<string> { $"cpus: {Environment.ProcessorCount}", $"load average at start: {Report.LoadAverage()}" };
try
{
    foreach (var pairing in options.Pairings)
    {
        var warmupCount = (int)(options.WarmupMiB * 1024 * 1024 / options.Sizes[0]);
        Console.Error.WriteLine($"warm-up {pairing.Name()}: {warmupCount} x {options.Sizes[0]} B");
        await MeasureAsync(pairing, options.Sizes[0], warmupCount, round: 0);
    }

    var total = options.Rounds * options.Sizes.Count * options.Pairings.Count;
    var index = 0;
    for (var round = 1; round <= options.Rounds; round++)
    {
        foreach (var size in options.Sizes)
        {
            var count = (int)(options.MiB * 1024 * 1024 / size);
            foreach (var pairing in options.Pairings)
            {
                var m = await MeasureAsync(pairing, size, count, round);
                results.Add(m);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{++index}/{total}] round {round} {Report.SizeName(size),-6} {pairing.Name(),-20} {m.Bytes / 1048576.0:F0} MiB in {m.Seconds:F2} s = {m.MegabytesPerSecond,6:F2} MB/s" +
                    $"  {(m.Complete ? "complete, in order" : $"INCOMPLETE: {m.Messages} msgs, {m.SequenceBreaks} breaks, {m.PatternErrors} bad")}" +
                    $"  (our CPU {m.OurCpuSeconds:F2} s; UDP {m.UdpDatagrams} in, {m.UdpRcvbufDrops} dropped; our SCTP {m.OurPacketsSent} out/{m.OurPacketsReceived} in, {m.OurRetransmittedChunks} rtx, {m.OurFastRetransmits} fast, {m.OurRetransmissionTimeouts} T3, DTLS queue drops {m.OurDtlsQueueDrops}; load {Report.LoadAverage()})"));
            }
        }

        machine.Add($"load average after round {round}: {Report.LoadAverage()}");
    }
}
finally
{
    await chromium.DisposeAsync();
}

machine.Add($"load average at end: {Report.LoadAverage()}");
Directory.CreateDirectory(options.Out);
await File.WriteAllTextAsync(Path.Combine(options.Out, "results.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
var summary = Report.Table(results, options) + "\n" + string.Join("\n", machine) + "\n";
await File.WriteAllTextAsync(Path.Combine(options.Out, "summary.md"), summary);
await File.WriteAllTextAsync(Path.Combine(options.Out, "datachannel-throughput.svg"), Chart.Svg(results, options));
Console.WriteLine(summary);
return results.All(r => r.Complete) ? 0 : 1;

async Task<Measurement> MeasureAsync(Pairing pairing, int size, int count, int round)
{
    await using var transfer = await Transfers.OpenAsync(pairing, chromium);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var udpBefore = UdpCounters.Read();
    var delivery = await transfer.RunAsync(count, size);
    var udp = UdpCounters.Read() - udpBefore;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    var ours = transfer.OurEnds();
    return new Measurement(
        pairing, size, round, delivery.Messages, delivery.Bytes, delivery.LastAtSeconds - delivery.FirstAtSeconds,
        delivery.BytesPerSecond(size), delivery.IsComplete(count, size), delivery.SequenceBreaks, delivery.PatternErrors, cpu, udp.InDatagrams, udp.RcvbufErrors,
        ours.Sum(s => s.PacketsSent), ours.Sum(s => s.PacketsReceived), ours.Sum(s => s.RetransmittedChunks),
        ours.Sum(s => s.FastRetransmits), ours.Sum(s => s.RetransmissionTimeouts), ours.Sum(s => s.DtlsQueueDrops));
}
