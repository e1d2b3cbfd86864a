using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Tandem.Cli.Options;
using Tandem.Client.Sessions;
using Tandem.Client.Signaling;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Sessions;

/// <summary>
/// Runs a device or app session for the command line: prints what happens (paired, connected,
/// media, <c>data: M</c> lines, errors on stderr), a status line every second, sends the
/// <c>--send</c> / <c>--send-binary</c> messages once the channel opens, answers with <c>--echo</c>,
/// and decides when to stop and with which exit code.
/// </summary>
internal sealed class SessionRunner(PeerSession session, SessionCommonOptions options, Func<StatusSample> sample, TextWriter output, TextWriter errors)
{
    private const string EchoPrefix = "echo: ";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly byte[] EchoPrefixBytes = "echo: "u8.ToArray();
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _firstConnected;
    private volatile bool _paired;
    private SessionError? _lastError;
    private string? _lastPath;

    /// <summary>
    /// When set, <c>--seconds</c> counts from the first tick after connecting at which this holds (e.g. the
    /// first video frame recorded), or from 5 s after connecting if it never does.
    /// </summary>
    public Func<bool>? MediaFlowing { get; init; }

    /// <summary>Printed once, when the first video frame was counted.</summary>
    public string? MediaFlowingLine { get; init; }

    /// <summary>Builds the session options the command line asks for; what the WebRTC stack logs goes to <paramref name="output"/> / <paramref name="errors"/>.</summary>
    public static SessionOptions SessionOptionsFor(SessionCommonOptions options, TextWriter output, TextWriter errors) => new()
    {
        Signaling = new SignalingChannelOptions { Server = options.SignalingUri, DeviceId = options.Id, CertificateAuthorities = options.ServerCertificateAuthorities },
        Features = new RtcFeatures { Video = options.Video, Audio = options.Audio, DataChannel = options.Data },
        PeerConnection = new PeerConnectionOptions
        {
            LocalAddresses = options.IceAddresses,
            IncludeLoopback = options.IceLoopback,
            IceServers = options.IceServers,
            IceTransportPolicy = options.IceTransportPolicy,
            Settings = new WebRtc.PeerConnections.RtcEngineSettings { Ice = new WebRtc.Ice.IceSettings { TurnCertificateAuthorities = options.IceCertificateAuthorities } },
            Logger = new NoteLogger(output, errors),
        },
    };

    /// <summary>Runs until time is up, the process is asked to stop, or a fatal error; returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        Hook();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            await session.StartAsync().ConfigureAwait(false);
        }
        catch (SessionException e)
        {
            await errors.WriteLineAsync("tandem: " + (e.InnerException?.InnerException is UntrustedServerCertificateException untrusted ? Untrusted(untrusted) : e.Message)).ConfigureAwait(false);
            return ExitCodes.ServerUnreachable;
        }

        var peer = options.Id.StartsWith("app_", StringComparison.Ordinal) ? "glasses_" + options.Id[4..] : "app_" + options.Id[8..];
        await output.WriteLineAsync($"joined as {options.Id} on {options.Server}; waiting for {peer}").ConfigureAwait(false);
        return await WatchAsync(peer).ConfigureAwait(false);
    }

    private string Untrusted(UntrustedServerCertificateException e) =>
        $"{options.Server}: {e.Message}; " + (options.ServerCertificateAuthorities is null
            ? "if the server's certificate comes from a private CA, pass that CA's certificate with --ca FILE"
            : "the CA certificate(s) in --ca did not issue it: pass the CA that did with --ca FILE");

    private async Task<int> WatchAsync(string peer)
    {
        var started = DateTimeOffset.UtcNow;
        var lastStatus = started;
        var previous = sample();
        var pending = new Queue<Outgoing>([.. options.Send.Select(Outgoing.Text), .. (options.SendBinary ?? []).Select(Outgoing.Binary)]);
        DateTimeOffset? clockStart = null;
        var flowing = false;
        while (!_done.Task.IsCompleted)
        {
            await Task.WhenAny(_done.Task, Task.Delay(Tick)).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            while (pending.Count > 0 && session.DataChannelOpen && await TrySendAsync(pending))
            {
                await output.WriteLineAsync("sent: " + pending.Dequeue()).ConfigureAwait(false);
            }

            if (now - lastStatus >= TimeSpan.FromSeconds(1))
            {
                await PrintPathIfChangedAsync().ConfigureAwait(false);
                var current = sample();

                // While waiting, the "joined as ...; waiting for ..." line said it all: no lines of zeros.
                if (!options.Quiet && session.State is SessionState.Connected or SessionState.Interrupted)
                {
                    var stats = session.PeerConnection?.GetStats();
                    var rtt = stats?.Media?.VideoSent?.RoundTripTime ?? stats?.Media?.AudioSent?.RoundTripTime ?? stats?.Ice?.RoundTripTime;
                    await output.WriteLineAsync(StatusSample.Line(session.State, previous, current, now - lastStatus, rtt, stats?.Media?.Bandwidth)).ConfigureAwait(false);
                }

                (previous, lastStatus) = (current, now);
            }

            if (clockStart is null && _firstConnected is { } connected
                && (MediaFlowing is null || MediaFlowing() || now - connected >= TimeSpan.FromSeconds(5)))
            {
                clockStart = now;
            }

            if (!flowing && MediaFlowingLine is { } line && sample().VideoFrames > 0)
            {
                flowing = true;
                await output.WriteLineAsync(line + SetupTimes(session.PeerConnection?.GetStats())).ConfigureAwait(false);
            }

            if (options.Seconds is { } seconds && clockStart is { } start && now - start >= TimeSpan.FromSeconds(seconds))
            {
                return ExitCodes.Ok;
            }

            if (options.TimeoutSeconds is { } timeout && _firstConnected is null && now - started >= TimeSpan.FromSeconds(timeout))
            {
                return await TimedOutAsync(peer, timeout).ConfigureAwait(false);
            }
        }

        return await _done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// "path: relay 203.0.113.1:49152 -> host 192.0.2.7:50000": the selected pair's candidate types and
    /// addresses, printed when they change (a relayed local candidate means the call goes through TURN).
    /// </summary>
    private async Task PrintPathIfChangedAsync()
    {
        var ice = session.PeerConnection?.GetStats().Ice;
        if (ice?.SelectedLocalCandidateType is not { } localType || ice.SelectedRemoteCandidateType is not { } remoteType)
        {
            return;
        }

        var path = $"path: {TypeName(localType)} {Address(ice.SelectedLocalCandidate)} -> {TypeName(remoteType)} {Address(ice.SelectedRemoteCandidate)}";
        if (path != _lastPath)
        {
            _lastPath = path;
            await output.WriteLineAsync(path).ConfigureAwait(false);
        }

        static string TypeName(WebRtc.Ice.IceCandidateType type) => type switch
        {
            WebRtc.Ice.IceCandidateType.Relayed => "relay",
            WebRtc.Ice.IceCandidateType.ServerReflexive => "srflx",
            WebRtc.Ice.IceCandidateType.PeerReflexive => "prflx",
            _ => "host",
        };

        static string Address(string? candidate) =>
            WebRtc.PeerConnections.RtcIceCandidateInit.TryParseAddress(candidate, out var address, out var port) ? $"{address}:{port}" : "?";
    }

    /// <summary>
    /// Sends the first <c>--send</c> / <c>--send-binary</c> message; on failure says why on stderr. A message too
    /// large to send is dropped; one refused because the channel closed meanwhile stays first, for the next time it is open.
    /// </summary>
    private async Task<bool> TrySendAsync(Queue<Outgoing> pending)
    {
        try
        {
            pending.Peek().SendOn(session);
            return true;
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync($"tandem: not sent, and dropped: \"{pending.Dequeue()}\": {e.Message}").ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await errors.WriteLineAsync($"tandem: not sent yet: \"{pending.Peek()}\": {e.Message}").ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Sends an <c>--echo</c> reply; a reply that cannot go out is reported on stderr, never lost silently.</summary>
    private void Reply(Action send)
    {
        try
        {
            send();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            errors.WriteLine("tandem: could not send on the data channel: " + e.Message);
        }
    }

    private async Task<int> TimedOutAsync(string peer, double timeout)
    {
        var t = timeout.ToString(CultureInfo.InvariantCulture);
        if (!_paired)
        {
            await errors.WriteLineAsync($"tandem: no peer joined within {t} s: is {peer} running against the same server ({options.Server})?").ConfigureAwait(false);
            return ExitCodes.NoPeer;
        }

        await errors.WriteLineAsync(ConnectionFailedLine(timeout, _lastError?.Message, options)).ConfigureAwait(false);
        return ExitCodes.ConnectionFailed;
    }

    /// <summary>
    /// The exit-6 line. With the server on this machine the peer most likely is too, and loopback then
    /// always works whatever the interfaces (a VPN, a firewall between them): say so, unless ICE is
    /// already pinned to addresses.
    /// </summary>
    internal static string ConnectionFailedLine(double timeout, string? why, SessionCommonOptions options)
    {
        var host = options.Server.IdnHost;
        var local = host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        var hint = local && options.IceAddresses is null ? "; if both sides run on this machine, start both with --ice-address 127.0.0.1" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"tandem: paired, but the connection did not come up within {timeout} s: {why ?? "ICE/DTLS (or SCTP, with a data channel) did not complete (no candidate pair worked?)"}{hint}");
    }

    /// <summary>When each setup step finished, counted from the peer connection's creation: " (setup: ICE +N ms, ...)".</summary>
    private static string SetupTimes(PeerConnectionStats? stats)
    {
        if (stats is null)
        {
            return "";
        }

        var steps = new List<string>();
        void Add(string name, DateTimeOffset? at)
        {
            if (at is { } time)
            {
                steps.Add(string.Create(CultureInfo.InvariantCulture, $"{name} +{(time - stats.CreatedAt).TotalMilliseconds:0} ms"));
            }
        }

        Add("ICE", stats.IceConnectedAt);
        Add("DTLS", stats.DtlsConnectedAt);
        Add("media", stats.MediaStartedAt);
        Add("keyframe", stats.FirstKeyframeReceivedAt);
        return steps.Count == 0 ? "" : $" (setup: {string.Join(", ", steps)})";
    }

    private void Hook()
    {
        session.Paired += role =>
        {
            _paired = true;
            output.WriteLine($"paired with {role.PeerId}: this side is the {(role.IsOfferer ? "offerer" : "answerer")}{(role.Resumed ? " (resumed)" : "")}");
        };
        session.Connected += () =>
        {
            _firstConnected ??= DateTimeOffset.UtcNow;
            output.WriteLine("connected");
        };
        session.MediaStarted += media => output.WriteLine("media started: " + Describe(media));
        session.PeerLeft += left => output.WriteLine($"peer left: {left.PeerId} ({left.Reason})");
        session.Note += note => output.WriteLine("note: " + note);
        session.TextReceived += text =>
        {
            output.WriteLine("data: " + text);
            if (options.Echo && !text.StartsWith(EchoPrefix, StringComparison.Ordinal))
            {
                Reply(() => session.SendText(EchoPrefix + text));
            }
        };
        session.BinaryReceived += data =>
        {
            output.WriteLine("data: " + Outgoing.Describe(data));
            if (options.Echo && !data.AsSpan().StartsWith(EchoPrefixBytes))
            {
                Reply(() => session.SendBinary([.. EchoPrefixBytes, .. data]));
            }
        };
        session.Error += error =>
        {
            _lastError = error;
            errors.WriteLine("tandem: " + error.Message);
            if (error.IsFatal)
            {
                _done.TrySetResult(ExitCodes.Refused);
            }
        };
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _done.TrySetResult(ExitCodes.Ok);
    }

    private static string Describe(RtcNegotiatedMedia media)
    {
        var parts = new List<string>();
        if (media.SendsVideo || media.ReceivesVideo)
        {
            parts.Add(media.SendsVideo ? "video out" : "video in");
        }

        if (media.SendsAudio || media.ReceivesAudio)
        {
            parts.Add($"audio{(media.SendsAudio ? " out" : "")}{(media.ReceivesAudio ? " in" : "")}");
        }

        if (media.DataChannel)
        {
            parts.Add("data");
        }

        return parts.Count == 0 ? "nothing negotiated" : string.Join(", ", parts);
    }
}
