using System.Globalization;

namespace Tandem.Cli.Options;

/// <summary>Parses the arguments of <c>tandem device</c>; every mistake gets a message naming the option.</summary>
public static class DeviceOptionsParser
{
    /// <summary>The usage text printed with <c>--help</c> and after a parse error.</summary>
    public const string Usage =
        """
        usage: tandem device --server ws://HOST:PORT/ --id glasses_<uid> [options]
        The simulated glasses: pairs with app_<uid>, sends H.264 video and Opus audio, receives audio,
        prints each data-channel text M as "data: M" and a status line every second.
          --video testsrc|v4l2:DEVICE|FILE|-
                                   ffmpeg test pattern (default), a V4L2 camera encoded by ffmpeg (v4l2:/dev/video0),
                                   an H.264 Annex-B file (looped), or Annex-B on stdin
          --fps N                  frame rate of the source (default 30)
          --size WxH               test pattern or camera size (default 1280x720)
          --bitrate KBPS           test pattern or camera bitrate (default 1500)
          --audio tone|silence|alsa:DEVICE|FILE
                                   440 Hz tone (default), silence, a microphone through ffmpeg (alsa:default,
                                   alsa:hw:0) or a 16 kHz mono 16-bit WAV file (looped)
          --play FILE.wav|aplay|ffplay
                                   write the app's audio to a WAV file, or play it (default: decode and count)
          --no-video, --no-audio, --no-data
                                   leave that part out of the negotiation
          --echo                   answer each data-channel message M that is not itself an echo: text with
                                   "echo: M", binary with the bytes of "echo: " then M
          --send TEXT              send TEXT on the data channel once it opens (repeatable)
          --send-binary HEX        send these bytes (e.g. 0001fe) as one binary message once it opens (repeatable)
          --seconds N              stop N seconds after the connection first comes up (default: run until Ctrl-C)
          --timeout N              give up when not connected N seconds after start (default: wait for ever)
          --token TOKEN            the join token of a server with Auth:Mode=token (tandem token --id ID), sent as ?token=
          --ice-address A[,B]      gather ICE candidates only on these addresses (default: every non-loopback interface, loopback when there is none)
          --ice-loopback           also gather on loopback
          --ca FILE                trust only the CA certificate(s) in this PEM file for the wss:// server
                                   (a private CA; default: the system's trusted CAs)
          --ice-server URL         a STUN/TURN server: stun:IP[:PORT], turn:HOST[:PORT][?transport=udp|tcp],
                                   turns:HOST[:PORT] (repeatable; TURN credentials from the signaling server come on top)
          --ice-username U, --ice-credential P
                                   long-term credentials for the --ice-server TURN URLs
          --ice-transport-policy all|relay
                                   relay: use TURN relayed candidates only (default all)
          --ice-ca FILE            trust only the CA certificate(s) in this PEM file for turns: servers
          --quiet                  no status lines
          --frame-timeline         a 'frame:' line per video frame sent: its bytes and packets, and in ms capture→encoded,
                                   the encoder's share of it, encoded→first packet sent, first→last packet sent
          --media-trace            a 'trace:' line every 50 ms (the video sender's counters and the bandwidth estimate)
                                   and one per video frame sent, each stamped with the Unix time in ms (at=)
        exit codes: 0 done, 1 failed while running, 2 usage, 3 server unreachable, 4 refused by the server,
                    5 no peer joined in time, 6 paired but the connection failed (ICE/DTLS)
        """;

    private static readonly HashSet<string> Flags = [.. SessionCommonState.Flags, "--frame-timeline", "--media-trace"];
    private static readonly HashSet<string> Valued = [.. SessionCommonState.Valued, "--video", "--fps", "--size", "--bitrate", "--audio", "--play"];

    /// <summary>Parses <paramref name="args"/> (the words after <c>device</c>).</summary>
    public static bool TryParse(IReadOnlyList<string> args, out DeviceOptions? options, out string error)
    {
        options = null;
        var common = new SessionCommonState("glasses_");
        string video = "testsrc", audio = "tone";
        double fps = 30, bitrate = 1500;
        int width = 1280, height = 720;
        string? play = null;
        var frameTimeline = false;
        var mediaTrace = false;
        var reader = new SessionOptionReader(args, Flags, Valued);
        var ok = reader.TryRead((name, value) =>
        {
            if (common.TryApply(name, value, out var sharedError))
            {
                return sharedError;
            }

            switch (name)
            {
                case "--video":
                    video = value!;
                    return null;
                case "--audio":
                    audio = value!;
                    return null;
                case "--play":
                    play = value;
                    return null;
                case "--frame-timeline":
                    frameTimeline = true;
                    return null;
                case "--media-trace":
                    mediaTrace = true;
                    return null;
                case "--fps":
                    return SessionOptionReader.Number(name, value!, 1, 120, out fps);
                case "--bitrate":
                    return SessionOptionReader.Number(name, value!, 50, 50_000, out bitrate);
                default:
                    // --size: the one option of Valued left.
                    return TrySize(value!, out width, out height);
            }
        }, out error);
        if (!ok || !common.TryBuild(out var shared, out error))
        {
            return false;
        }

        if (play is not null && !shared!.Audio)
        {
            error = "--play needs audio (drop --no-audio)";
            return false;
        }

        options = new DeviceOptions(shared!, video, fps, width, height, (int)bitrate, audio, play, frameTimeline, mediaTrace);
        return true;
    }

    private static string? TrySize(string value, out int width, out int height)
    {
        width = height = 0;
        var parts = value.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width is >= 32 and <= 7680 && height is >= 32 and <= 4320 && width % 2 == 0 && height % 2 == 0
            ? null
            : $"--size: '{value}' is not WIDTHxHEIGHT with even sizes from 32x32 to 7680x4320";
    }
}
