using System.Net;

namespace Tandem.Load.Options;

/// <summary>Everything <c>tandem-load</c> was asked to do.</summary>
/// <param name="Server">WebSocket URI of the server (<c>ws://HOST:PORT/</c>); the first of <see cref="Servers"/>.</param>
/// <param name="Target">Which protocol the server speaks.</param>
/// <param name="Pairs">Pair sessions to run (in hold mode: probe pairs run while holding).</param>
/// <param name="Concurrency">Pair sessions in flight at once.</param>
/// <param name="IceCandidates">ICE candidates each side sends per round.</param>
/// <param name="Rounds">Offer/answer/candidates exchanges per pair session.</param>
/// <param name="SourceAddresses">Local addresses the client sockets bind to, used round robin.</param>
/// <param name="JsonPath">Where to write the JSON report, if anywhere.</param>
/// <param name="ServerPid">Server process for /proc figures; null = find the listener of the port.</param>
/// <param name="Hold">Idle joined connections to open and keep (0 = throughput mode).</param>
/// <param name="HoldSeconds">How long to keep the held connections after the probe pairs.</param>
/// <param name="Rate">Pair sessions started per second (0 = as fast as the concurrency allows).</param>
/// <param name="TimeoutSeconds">Longest wait for any one step of a pair session.</param>
/// <param name="Quiet">No progress lines.</param>
/// <param name="Warmup">Pair sessions run before the measured phase, not timed.</param>
public sealed record LoadOptions(
    Uri Server,
    LoadTarget Target,
    int Pairs,
    int Concurrency,
    int IceCandidates,
    int Rounds,
    IReadOnlyList<IPAddress> SourceAddresses,
    string? JsonPath,
    int? ServerPid,
    int Hold,
    double HoldSeconds,
    double Rate,
    double TimeoutSeconds,
    bool Quiet,
    int Warmup = 0)
{
    /// <summary>Forwarded messages a pair session should deliver (both directions, all rounds).</summary>
    public long MessagesPerPair => 2L * Rounds * (1 + IceCandidates);

    /// <summary>Every server URI given (nodes of one cluster); empty means <see cref="Server"/> alone.</summary>
    public IReadOnlyList<Uri> Servers { get; init; } = [];

    /// <summary>
    /// The server of pair <paramref name="pair"/>'s member <paramref name="side"/> (0 glasses, 1 app): the
    /// servers in turn, so that with several the two members of a pair sit on different nodes.
    /// </summary>
    public Uri ServerFor(int pair, int side) => Servers.Count == 0 ? Server : Servers[(pair + side) % Servers.Count];
}
