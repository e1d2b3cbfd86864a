using System.Net;
using Tandem.WebRtc.DataChannels;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    private static readonly Lock WarmUpGate = new();
    private static Task<bool>? _warmUp;

    /// <summary>
    /// Runs one call between two connections of this process over 127.0.0.1 — offer and answer, ICE,
    /// the DTLS handshake, SRTP, SCTP and a data channel, a video access unit and an audio packet each
    /// way that can — and closes it, so that the first real call finds its code compiled and the process's
    /// DTLS certificate made. Without it, a fresh process spends most of its first call's set-up there
    /// (measured in docs/PERFORMANCE.md, "Call set-up from a cold process"). Start it while there is time
    /// to spare, such as when the glasses wait in their room for the app. Runs once per process: later
    /// calls return the running or successful run's task (after a failed one, a call starts again).
    /// Never throws; completes with false if the loopback call did not complete within 10 s or
    /// <paramref name="cancellationToken"/> fired first.
    /// </summary>
    public static Task<bool> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        lock (WarmUpGate)
        {
            if (_warmUp is not { } run || (run.IsCompleted && !run.Result))
            {
                _warmUp = Task.Run(() => RunWarmUpAsync(cancellationToken), CancellationToken.None);
            }

            return _warmUp;
        }
    }

    /// <summary>One loopback call, as <see cref="WarmUpAsync"/> describes; not shared with other callers.</summary>
    internal static async Task<bool> RunWarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await LoopbackCallAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: no loopback interface (a network namespace whose lo is down), a socket refused,
            // a timeout. The real call then compiles what it needs on its way, as it would have anyway.
            return false;
        }
    }

    private static async Task<bool> LoopbackCallAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await using var device = new PeerConnection(new PeerConnectionOptions { LocalAddresses = [IPAddress.Loopback], Features = new RtcFeatures(), Endpoint = RtcEndpoint.Device });
        await using var app = new PeerConnection(new PeerConnectionOptions { LocalAddresses = [IPAddress.Loopback], Features = new RtcFeatures(), Endpoint = RtcEndpoint.App });
        var videoArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messageArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mediaStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.IceCandidate += c => app.AddIceCandidate(c);
        app.IceCandidate += c => device.AddIceCandidate(c);
        app.VideoFrameReceived += _ => videoArrived.TrySetResult();
        device.MediaStarted += () => mediaStarted.TrySetResult();
        app.DataChannel += c => c.MessageReceived += _ => messageArrived.TrySetResult();
        var channel = device.CreateDataChannel("warm-up");
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => opened.TrySetResult();
        var offer = device.CreateOffer();
        device.SetLocalDescription(offer);
        app.SetRemoteDescription(offer);
        var answer = app.CreateAnswer();
        app.SetLocalDescription(answer);
        device.SetRemoteDescription(answer);

        await mediaStarted.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        await device.SendVideoAsync(WarmUpAccessUnit, 0, timeout.Token).ConfigureAwait(false);
        await device.SendAudioAsync(WarmUpOpusPacket, 0, timeout.Token).ConfigureAwait(false);
        await app.SendAudioAsync(WarmUpOpusPacket, 0, timeout.Token).ConfigureAwait(false);
        await videoArrived.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        if (channel.ReadyState != RtcDataChannelState.Open)
        {
            await opened.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }

        channel.Send("warm-up");
        await messageArrived.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        return true;
    }

    // An IDR access unit in Annex-B (RFC 6184 §5.4, ITU-T H.264 Annex B): SPS, PPS and a slice, their
    // bytes not a real picture — nothing decodes them; they only travel the packetizer and depacketizer.
    private static readonly byte[] WarmUpAccessUnit =
    [
        0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8,
        0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80,
        0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33, 0xFF, 0xFE, 0xF6, 0xF0, 0xFE, 0x05, 0x36, 0x56, 0x04, 0x50, 0x96, 0x7B, 0x3F, 0x53, 0xE1,
    ];

    // One Opus packet (RFC 6716 §3.1): TOC 0xF8 (CELT-only fullband, 20 ms, one frame), the frame's bytes a silent pattern.
    private static readonly byte[] WarmUpOpusPacket = [0xF8, 0xFF, 0xFE];
}
