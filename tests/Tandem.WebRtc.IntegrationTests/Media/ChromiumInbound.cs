using System.Globalization;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>The figures of Chromium's inbound-rtp video report (webrtc-stats) the media tests check.</summary>
internal sealed record ChromiumInboundVideo(
    double PacketsReceived, double PacketsLost, double FramesReceived, double FramesDecoded, double KeyFramesDecoded,
    double FramesDropped, double FreezeCount, double PliCount, double FirCount, double NackCount, double FrameWidth, double FrameHeight,
    string? DecoderImplementation, string? Codec, double JitterBufferDelay, double JitterBufferEmittedCount, double EstimatedPlayoutTimestamp,
    double RetransmittedPacketsReceived)
{
    public static ChromiumInboundVideo From(BrowserStats stats)
    {
        var r = stats.Inbound("video");
        double N(string name) => BrowserStats.Number(r, name);
        return new(
            N("packetsReceived"), N("packetsLost"), N("framesReceived"), N("framesDecoded"), N("keyFramesDecoded"),
            N("framesDropped"), N("freezeCount"), N("pliCount"), N("firCount"), N("nackCount"), N("frameWidth"), N("frameHeight"),
            BrowserStats.Text(r, "decoderImplementation"), r is { } rtp ? BrowserStats.Text(stats.CodecOf(rtp), "mimeType") : null,
            N("jitterBufferDelay"), N("jitterBufferEmittedCount"), N("estimatedPlayoutTimestamp"), N("retransmittedPacketsReceived"));
    }

    /// <summary>Mean time a frame waited in the jitter buffer.</summary>
    public double JitterBufferMs => JitterBufferEmittedCount == 0 ? 0 : JitterBufferDelay / JitterBufferEmittedCount * 1000;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"video {Codec} {FrameWidth}x{FrameHeight} by {DecoderImplementation}: packets {PacketsReceived} (lost {PacketsLost}), frames received {FramesReceived} decoded {FramesDecoded} (key {KeyFramesDecoded}) dropped {FramesDropped} freezes {FreezeCount}, NACK {NackCount} RTX {RetransmittedPacketsReceived} PLI {PliCount} FIR {FirCount}, jitter buffer {JitterBufferMs:F1} ms");
}

/// <summary>The figures of Chromium's inbound-rtp audio report the media tests check.</summary>
internal sealed record ChromiumInboundAudio(
    double PacketsReceived, double PacketsLost, double AudioLevel, double TotalAudioEnergy, double TotalSamplesReceived,
    double ConcealedSamples, string? Codec, double JitterBufferDelay, double JitterBufferEmittedCount, double EstimatedPlayoutTimestamp)
{
    public static ChromiumInboundAudio From(BrowserStats stats)
    {
        var r = stats.Inbound("audio");
        double N(string name) => BrowserStats.Number(r, name);
        return new(
            N("packetsReceived"), N("packetsLost"), N("audioLevel"), N("totalAudioEnergy"), N("totalSamplesReceived"),
            N("concealedSamples"), r is { } rtp ? BrowserStats.Text(stats.CodecOf(rtp), "mimeType") : null,
            N("jitterBufferDelay"), N("jitterBufferEmittedCount"), N("estimatedPlayoutTimestamp"));
    }

    public double JitterBufferMs => JitterBufferEmittedCount == 0 ? 0 : JitterBufferDelay / JitterBufferEmittedCount * 1000;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"audio {Codec}: packets {PacketsReceived} (lost {PacketsLost}), level {AudioLevel:F3} energy {TotalAudioEnergy:F4}, samples {TotalSamplesReceived} concealed {ConcealedSamples}, jitter buffer {JitterBufferMs:F1} ms");
}
