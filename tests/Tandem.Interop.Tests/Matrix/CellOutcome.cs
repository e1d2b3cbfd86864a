namespace Tandem.Interop.Tests.Matrix;

/// <summary>How a cell went: its row in the table.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Problems">What failed its pass criteria; empty when it passed.</param>
/// <param name="SetupMs">From the receiver's role message to its first video frame (first audio, or the channel opening, without video).</param>
/// <param name="SetupStep">What <paramref name="SetupMs"/> measured up to.</param>
/// <param name="Media">What flowed, e.g. "302 frames 640x360 decoded by the partner".</param>
/// <param name="EchoRttMs">The partner's median data-channel echo round trip (ms).</param>
/// <param name="SctpSrttMs">The partner's own SCTP smoothed RTT (aiortc only).</param>
/// <param name="LinkRttMs">The path's RTT as the partner's ICE measured it (Chromium only).</param>
/// <param name="PartnerVersion">The partner's version.</param>
public sealed record CellOutcome(
    Cell Cell,
    IReadOnlyList<string> Problems,
    double? SetupMs,
    string SetupStep,
    string Media,
    double? EchoRttMs,
    double? SctpSrttMs,
    double? LinkRttMs,
    string PartnerVersion)
{
    public bool Passed => Problems.Count == 0;
}
