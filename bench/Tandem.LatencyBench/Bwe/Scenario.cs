using Tandem.Testing.Shaping;

namespace Tandem.LatencyBench.Bwe;

/// <summary>A change of the shaping at <paramref name="AtSeconds"/> after the first frame shown (0: before the call starts).</summary>
internal sealed record ShapingStep(double AtSeconds, string Label, Func<ShapedNetwork, Task> Apply);

/// <summary>A span of the run whose figures are reported, with the cap in force then (null: uncapped).</summary>
internal sealed record Window(string Label, double From, double To, int? CapKbps);

/// <summary>
/// One scenario of issue 15: the shaping over time, the windows measured once settled, and the instants of
/// the steps down (after which the time for latency to get back to its level before is measured).
/// </summary>
internal sealed record Scenario(string Name, string Description, double Seconds, IReadOnlyList<ShapingStep> Steps, IReadOnlyList<Window> Windows, IReadOnlyList<double> StepsDown)
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("cap", "1 Mbit/s cap (tbf, 400 ms queue) from before the call", 30,
            [Rate(0, 1000)], [new("settled", 10, 30, 1000)], []),
        new("steps", "cap 4 → 1 → 0.5 → 2 Mbit/s, every 15 s", 60,
            [Rate(0, 4000), Rate(15, 1000), Rate(30, 500), Rate(45, 2000)],
            [new("4 Mbit/s", 7, 15, 4000), new("1 Mbit/s", 22, 30, 1000), new("0.5 Mbit/s", 37, 45, 500), new("2 Mbit/s", 52, 60, 2000)], [15, 30]),
        new("loss", "2 % random UDP loss both ways, 40 ms RTT added (20 ms each way), uncapped", 30,
            [new(0, "2 % loss, +20 ms each way", n => { n.Impairment.LossRate = 0.02; n.Impairment.OneWayDelay = TimeSpan.FromMilliseconds(20); return Task.CompletedTask; })],
            [new("settled", 10, 30, null)], []),
        new("outage", "every UDP packet dropped for 2 s at 12 s, uncapped", 30,
            [new(12, "2 s outage", n => { n.Impairment.StartOutage(OutageTimeline.Outage); return Task.CompletedTask; })],
            [new("whole run", 5, 30, null)], []),
    ];

    /// <summary>Whether our sender's trace and the page's every frame are kept for this scenario (files beside the summary).</summary>
    public bool KeepsFrames => Name is "cap" or "loss" or "steps";

    /// <summary>Puts the network back as it was built: uncapped, no delay, no loss.</summary>
    public static async Task ResetAsync(ShapedNetwork network)
    {
        network.Impairment.LossRate = 0;
        network.Impairment.OneWayDelay = TimeSpan.Zero;
        if (network.RateKbps is not null)
        {
            await network.SetRateAsync(null);
        }
    }

    private static ShapingStep Rate(double at, int kbps) =>
        new(at, $"cap {kbps} kbit/s", n => n.SetRateAsync(kbps));
}
