using System.Globalization;
using System.Net;
using Tandem.Client.Sessions;
using Tandem.Client.Signaling;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Samples;

/// <summary>
/// The few arguments both samples take: <c>--server URI --uid UID [--seconds N] [--ice-address IP]</c>.
/// </summary>
internal sealed record SampleArguments(Uri Server, string Uid, TimeSpan Timeout, IPAddress? IceAddress)
{
    public const string Usage = "usage: --server ws://HOST:8000/ --uid UID [--seconds 30] [--ice-address IP]";

    /// <summary>Parses the arguments; null (after printing the usage) when they are wrong.</summary>
    public static SampleArguments? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("--server", out var server) || !Uri.TryCreate(server, UriKind.Absolute, out var uri)
            || !values.TryGetValue("--uid", out var uid))
        {
            Console.Error.WriteLine(Usage);
            return null;
        }

        var seconds = values.TryGetValue("--seconds", out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : 30;
        var address = values.TryGetValue("--ice-address", out var a) ? IPAddress.Parse(a) : null;
        return new SampleArguments(uri, uid, TimeSpan.FromSeconds(seconds), address);
    }

    /// <summary>The session options for <paramref name="deviceId"/>: data channel, audio and video on.</summary>
    public SessionOptions SessionOptions(string deviceId) => new()
    {
        Signaling = new SignalingChannelOptions { Server = Server, DeviceId = deviceId },
        Features = new RtcFeatures { DataChannel = true, Audio = true, Video = true },
        PeerConnection = IceAddress is null ? new PeerConnectionOptions() : new PeerConnectionOptions { LocalAddresses = [IceAddress] },
    };
}
