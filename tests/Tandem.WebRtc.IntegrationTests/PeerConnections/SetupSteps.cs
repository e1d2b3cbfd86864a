using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// The setup steps of one connection, in milliseconds since negotiation started (from <see cref="PeerConnection.GetStats"/>);
/// <see cref="Signaled"/> is when the offer/answer exchange returned (with a browser: its round trips through the page).
/// </summary>
internal sealed record SetupSteps(double Signaled, double Gathered, double IceConnected, double DtlsConnected, double SctpEstablished, double FirstChannelOpen)
{
    public static SetupSteps From(PeerConnectionStats stats, DateTimeOffset start, DateTimeOffset signaled)
    {
        double Since(DateTimeOffset? at) => at is { } t ? (t - start).TotalMilliseconds : double.NaN;
        return new(
            Since(signaled), Since(stats.GatheringCompletedAt), Since(stats.IceConnectedAt), Since(stats.DtlsConnectedAt),
            Since(stats.SctpEstablishedAt), Since(stats.FirstDataChannelOpenAt));
    }

    /// <summary>The per-step median of several runs.</summary>
    public static SetupSteps Median(IReadOnlyList<SetupSteps> runs)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new(
            Mid(runs.Select(r => r.Signaled)), Mid(runs.Select(r => r.Gathered)), Mid(runs.Select(r => r.IceConnected)), Mid(runs.Select(r => r.DtlsConnected)),
            Mid(runs.Select(r => r.SctpEstablished)), Mid(runs.Select(r => r.FirstChannelOpen)));
    }

    /// <summary>True when every step happened, in setup order.</summary>
    public bool IsComplete =>
        IceConnected >= 0 && DtlsConnected >= IceConnected && SctpEstablished >= DtlsConnected && FirstChannelOpen >= SctpEstablished;

    public override string ToString() =>
        $"signaled {Signaled:F0} ms, gathered {Gathered:F0}, ICE {IceConnected:F0}, DTLS {DtlsConnected:F0}, SCTP {SctpEstablished:F0}, first channel {FirstChannelOpen:F0}";
}
