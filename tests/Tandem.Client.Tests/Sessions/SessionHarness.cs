using System.Net;
using System.Threading.Channels;
using Tandem.Client.Sessions;
using Tandem.Client.Signaling;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Tests.Sessions;

/// <summary>Session options for tests: the in-process server, loopback-only ICE, fast reconnects.</summary>
internal static class SessionHarness
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static SessionOptions Options(ServerHost server, string id, RtcFeatures features) => new()
    {
        Signaling = new SignalingChannelOptions
        {
            Server = server.WebSocketUri,
            DeviceId = id,
            MinReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
        },
        Features = features,
        PeerConnection = new PeerConnectionOptions { LocalAddresses = [IPAddress.Loopback] },
    };

    /// <summary>The RTP timestamps of the audio packets a session's connections receive, in arrival order.</summary>
    public sealed class ReceivedAudioTimestamps
    {
        private readonly List<uint> _timestamps = [];

        public ReceivedAudioTimestamps(PeerSession session) =>
            session.MediaStarted += _ => session.PeerConnection!.AudioPacketReceived += (_, rtpTimestamp, _) =>
            {
                lock (_timestamps)
                {
                    _timestamps.Add(rtpTimestamp);
                }
            };

        public int Count
        {
            get
            {
                lock (_timestamps)
                {
                    return _timestamps.Count;
                }
            }
        }

        public List<uint> Snapshot()
        {
            lock (_timestamps)
            {
                return [.. _timestamps];
            }
        }
    }

    /// <summary>Records a session's events in order, for waiting on them.</summary>
    public sealed class Events
    {
        private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
        private readonly List<string> _seen = [];

        public Events(PeerSession session)
        {
            session.Paired += role => Add(role.Resumed ? "paired-resumed" : "paired");
            session.Connected += () => Add("connected");
            session.MediaStarted += _ => Add("media");
            session.PeerLeft += _ => Add("peer-left");
            session.TextReceived += text => Add("text:" + text);
            session.BinaryReceived += data => Add("binary:" + Convert.ToHexStringLower(data));
            session.Error += error => Add($"error:{error.Code}: {error.Message}");
        }

        /// <summary>Waits until <paramref name="name"/> happens (skipping others); returns what came before it.</summary>
        public async Task<IReadOnlyList<string>> WaitForAsync(string name)
        {
            using var timeout = new CancellationTokenSource(Wait);
            var before = new List<string>();
            try
            {
                while (true)
                {
                    var next = await _events.Reader.ReadAsync(timeout.Token);
                    lock (_seen)
                    {
                        _seen.Add(next);
                    }

                    if (next == name)
                    {
                        return before;
                    }

                    before.Add(next);
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no '{name}' within {Wait}; seen: {string.Join(", ", before)}");
            }
        }

        private void Add(string name) => _events.Writer.TryWrite(name);
    }
}
