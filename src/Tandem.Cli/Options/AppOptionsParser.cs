namespace Tandem.Cli.Options;

/// <summary>Parses the arguments of <c>tandem app</c>; every mistake gets a message naming the option.</summary>
public static class AppOptionsParser
{
    /// <summary>The usage text printed with <c>--help</c> and after a parse error.</summary>
    public const string Usage =
        """
        usage: tandem app --server ws://HOST:PORT/ --id app_<uid> [options]
        A headless phone app: pairs with glasses_<uid>, receives (and records) its video and audio, sends
        audio, prints each data-channel text M as "data: M", a status line every second and a summary at the end.
          --record DIR             write DIR/video.h264 (Annex-B) and DIR/audio.wav (16 kHz mono)
          --seconds N              record N seconds, counted from the first video frame (from connecting when
                                   no video is negotiated), then stop (default: run until Ctrl-C)
          --audio tone|silence|FILE
                                   what it sends: a 660 Hz tone (default), silence, or a 16 kHz mono WAV file (looped)
          --no-video, --no-audio, --no-data
                                   leave that part out of the negotiation
          --echo                   answer each data-channel message M that is not itself an echo: text with
                                   "echo: M", binary with the bytes of "echo: " then M
          --send TEXT              send TEXT on the data channel once it opens (repeatable)
          --send-binary HEX        send these bytes (e.g. 0001fe) as one binary message once it opens (repeatable)
          --timeout N              give up when not connected N seconds after start (default 60; 0 = wait for ever)
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
        exit codes: 0 done, 1 failed while running, 2 usage, 3 server unreachable, 4 refused by the server,
                    5 no peer joined in time, 6 paired but the connection failed (ICE/DTLS)
        """;

    private static readonly HashSet<string> Flags = [.. SessionCommonState.Flags];
    private static readonly HashSet<string> Valued = [.. SessionCommonState.Valued, "--record", "--audio"];

    /// <summary>Parses <paramref name="args"/> (the words after <c>app</c>).</summary>
    public static bool TryParse(IReadOnlyList<string> args, out AppOptions? options, out string error)
    {
        options = null;
        var common = new SessionCommonState("app_") { DefaultTimeout = 60 };
        string? record = null;
        var audio = "tone";
        var reader = new SessionOptionReader(args, Flags, Valued);
        var ok = reader.TryRead((name, value) =>
        {
            if (common.TryApply(name, value, out var sharedError))
            {
                return sharedError;
            }

            if (name == "--record")
            {
                record = value;
            }
            else
            {
                audio = value!;
            }

            return null;
        }, out error);
        if (!ok || !common.TryBuild(out var shared, out error))
        {
            return false;
        }

        options = new AppOptions(shared!, record, audio);
        return true;
    }
}
