using System.Security.Cryptography;
using Tandem.Client.Sessions;
using Tandem.Client.Signaling;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.Testing.Processes;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Testing.Handover;

/// <summary>
/// A call across a <see cref="HandoverNetwork"/>: the signaling server on the signaling link, <c>tandem device</c>
/// (test pattern, 25 fps) in the glasses' namespace, and our app in this process, whose every received
/// access unit is timestamped, so the outage of a switch (last frame before, first frame after) is measured.
/// </summary>
internal sealed class HandoverCall : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FrameTimes _frames = new();
    private ServerProcess? _server;
    private ChildProcess? _glasses;
    private AppSession? _app;
    private readonly List<string> _appNotes = [];

    private HandoverCall()
    {
    }

    /// <summary>The app session (its peer connection, notes).</summary>
    public AppSession App => _app!;

    /// <summary>The glasses' output so far.</summary>
    public string Transcript => $"{_glasses?.Transcript()}\n--- app notes ---\n{string.Join('\n', Notes)}";

    /// <summary>The glasses' output lines so far.</summary>
    public IReadOnlyList<string> GlassesLines => _glasses?.Lines ?? [];

    /// <summary>The app's negotiation notes so far.</summary>
    public IReadOnlyList<string> Notes { get { lock (_appNotes) { return [.. _appNotes]; } } }

    /// <summary>From the start of the side that joined second to the first frame at the app: the call's setup time.</summary>
    public TimeSpan SetupTime { get; private set; }

    /// <summary>Frames received so far.</summary>
    public int FrameCount => _frames.Count;

    /// <summary>Starts server, glasses and app (in that join order when <paramref name="glassesFirst"/>) and waits for video.</summary>
    public static async Task<HandoverCall> StartAsync(HandoverNetwork network, bool glassesFirst)
    {
        var call = new HandoverCall();
        try
        {
            await call.ConnectAsync(network, glassesFirst);
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }

        return call;
    }

    /// <summary>
    /// The outage of the switch made at <paramref name="switchedAt"/>: waits until <paramref name="framesAfter"/>
    /// frames arrived after it, then returns the longest gap between consecutive frames from a second before
    /// the switch on (null if the frames did not come within <paramref name="timeout"/>).
    /// </summary>
    public async Task<TimeSpan?> OutageAsync(DateTime switchedAt, int framesAfter, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_frames.CountAfter(switchedAt) < framesAfter)
        {
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(20);
        }

        return _frames.LongestGapFrom(switchedAt - TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_glasses is not null)
        {
            await _glasses.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task ConnectAsync(HandoverNetwork network, bool glassesFirst)
    {
        _server = await ServerProcess.StartOnAsync(HandoverNetwork.ServerAddress);
        var uid = "handover" + RandomNumberGenerator.GetHexString(6, lowercase: true);
        _app = new AppSession(
            new SessionOptions
            {
                Signaling = new SignalingChannelOptions { Server = new Uri(_server.WebSocketUri), DeviceId = "app_" + uid },
                Features = new RtcFeatures(),
            },
            new MediaClock(),
            audio: null,
            video: _frames);
        _app.Note += note => { lock (_appNotes) { _appNotes.Add(note); } };
        DateTime secondStarted;
        if (glassesFirst)
        {
            StartGlasses(network, uid);
            await _server.WaitForRoomAsync("glasses_" + uid, Wait);
            secondStarted = DateTime.UtcNow;
            await _app.StartAsync();
        }
        else
        {
            await _app.StartAsync();
            await _server.WaitForRoomAsync("app_" + uid, Wait);
            secondStarted = DateTime.UtcNow;
            StartGlasses(network, uid);
        }

        await WaitUntilAsync(() => _frames.Count >= 25, "25 video frames at the app");
        SetupTime = _frames.First - secondStarted;
    }

    private void StartGlasses(HandoverNetwork network, string uid) => _glasses = network.StartGlasses(_server!.WebSocketUri, uid);

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || _glasses?.HasExited == true)
            {
                throw new TimeoutException($"no {what} within {Wait.TotalSeconds:0} s\n{Transcript}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A video sink that keeps the time each access unit reached it.</summary>
    private sealed class FrameTimes : IVideoSink
    {
        private readonly List<DateTime> _times = [];

        public int Count { get { lock (_times) { return _times.Count; } } }

        public DateTime First { get { lock (_times) { return _times[0]; } } }

        public int CountAfter(DateTime at)
        {
            lock (_times)
            {
                return _times.Count(t => t > at);
            }
        }

        public TimeSpan LongestGapFrom(DateTime from)
        {
            lock (_times)
            {
                var longest = TimeSpan.Zero;
                for (var i = 1; i < _times.Count; i++)
                {
                    if (_times[i - 1] >= from && _times[i] - _times[i - 1] > longest)
                    {
                        longest = _times[i] - _times[i - 1];
                    }
                }

                return longest;
            }
        }

        public ValueTask WriteFrameAsync(ReceivedVideoFrame frame, CancellationToken cancellationToken = default)
        {
            lock (_times)
            {
                _times.Add(DateTime.UtcNow);
            }

            return ValueTask.CompletedTask;
        }
    }
}
