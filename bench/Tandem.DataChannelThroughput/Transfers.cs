using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.DataChannelThroughput;

/// <summary>Who sends to whom: the same one-way workload between the three kinds of pair.</summary>
internal enum Pairing
{
    OursToOurs,
    OursToChromium,
    ChromiumToOurs,
    ChromiumToChromium,
}

/// <summary>A connected pair with one open reliable ordered channel, ready to carry one transfer.</summary>
internal interface ITransfer : IAsyncDisposable
{
    /// <summary>Sends <paramref name="count"/> numbered messages of <paramref name="size"/> bytes one way; returns what the receiver saw.</summary>
    Task<Delivery> RunAsync(int count, int size);

    /// <summary>Counters of our peer connections in this pair (none for Chromium -> Chromium).</summary>
    IReadOnlyList<OurEndStats> OurEnds();
}

internal static class Transfers
{
    /// <summary>The channel's label on both sides.</summary>
    public const string Label = "bench";

    /// <summary>Longest wait for setup steps and for a stalled sender or receiver.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string Name(this Pairing pairing) => pairing switch
    {
        Pairing.OursToOurs => "C# -> C#",
        Pairing.OursToChromium => "C# -> Chromium",
        Pairing.ChromiumToOurs => "Chromium -> C#",
        Pairing.ChromiumToChromium => "Chromium -> Chromium",
        _ => throw new ArgumentOutOfRangeException(nameof(pairing)),
    };

    /// <summary>Connects a fresh pair of the given kind (new peer connections, new pages).</summary>
    public static async Task<ITransfer> OpenAsync(Pairing pairing, ChromiumFixture chromium) => pairing switch
    {
        Pairing.OursToOurs => await OurPair.OpenAsync(),
        Pairing.OursToChromium => await OurChromiumSession.OpenAsync(chromium, oursSends: true),
        Pairing.ChromiumToOurs => await OurChromiumSession.OpenAsync(chromium, oursSends: false),
        Pairing.ChromiumToChromium => await ChromiumOnlyPair.OpenAsync(chromium),
        _ => throw new ArgumentOutOfRangeException(nameof(pairing)),
    };

    /// <summary>Completes when <paramref name="channel"/> is open.</summary>
    public static Task WaitOpenAsync(RtcDataChannel channel)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += open.SetResult;
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        return open.Task.WaitAsync(Timeout);
    }

    /// <summary>What the test page's receiver saw, on the page's performance.now() clock.</summary>
    public static Delivery ToDelivery(ReceivedMessages received) => new(
        received.Count, received.Bytes, received.SequenceBreaks, received.PatternErrors,
        (received.FirstAtMs ?? 0) / 1000, (received.LastAtMs ?? 0) / 1000);
}
