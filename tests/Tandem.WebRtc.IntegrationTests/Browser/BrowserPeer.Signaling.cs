namespace Tandem.WebRtc.IntegrationTests.Browser;

public sealed partial class BrowserPeer
{
    /// <summary>
    /// Creates the page's RTCPeerConnection (replacing any earlier one). The default configuration
    /// has no ICE servers: host candidates only, on the test namespace's 10.77.0.x hosts.
    /// </summary>
    public Task<PeerState> CreatePeerConnectionAsync(object? configuration = null) =>
        CallAsync<PeerState>("createPeerConnection", configuration ?? new { iceServers = Array.Empty<object>() });

    /// <summary>Adds the fake camera (H.264-capable, 30 fps) and/or fake microphone as sending tracks of one stream.</summary>
    public Task<IReadOnlyList<LocalTrack>> AddFakeMediaAsync(bool audio = true, bool video = true) =>
        CallAsync<IReadOnlyList<LocalTrack>>("addMedia", audio, video);

    /// <summary>
    /// Adds a transceiver (<paramref name="kind"/> "audio"|"video") and returns its index; with
    /// <paramref name="fakeTrack"/> it sends the fake microphone/camera.
    /// </summary>
    public Task<int> AddTransceiverAsync(string kind, string direction = "sendrecv", bool fakeTrack = false) =>
        CallAsync<int>("addTransceiver", kind, direction, fakeTrack);

    /// <summary>
    /// After a remote offer: every audio transceiver becomes sendrecv with the fake microphone as
    /// its track (what an app does before answering); returns how many.
    /// </summary>
    public Task<int> AttachFakeMicAsync() => CallAsync<int>("attachFakeMic");

    /// <summary>
    /// Restricts every transceiver of <paramref name="kind"/> to the receive codecs whose MIME type
    /// is listed (e.g. "video/H264") and whose fmtp contains <paramref name="fmtpContains"/>
    /// (e.g. "packetization-mode=1"; a listed "video/rtx" is kept whatever its fmtp, since Chromium keeps the rtx
    /// of each kept codec); returns the RTCRtpCodecCapability entries kept.
    /// </summary>
    public Task<IReadOnlyList<System.Text.Json.JsonElement>> SetCodecPreferencesAsync(
        string kind, IReadOnlyList<string> mimeTypes, string? fmtpContains = null) =>
        CallAsync<IReadOnlyList<System.Text.Json.JsonElement>>("setCodecPreferences", kind, mimeTypes, fmtpContains);

    public Task<SessionDescriptionInit> CreateOfferAsync(bool iceRestart = false) =>
        CallAsync<SessionDescriptionInit>("createOffer", new { iceRestart });

    public Task<SessionDescriptionInit> CreateAnswerAsync() => CallAsync<SessionDescriptionInit>("createAnswer");

    /// <summary>
    /// Sets the local description (implicitly created when <paramref name="description"/> is null)
    /// and returns <c>pc.localDescription</c>, which holds the candidates gathered so far.
    /// </summary>
    public Task<SessionDescriptionInit> SetLocalDescriptionAsync(SessionDescriptionInit? description = null) =>
        CallAsync<SessionDescriptionInit>("setLocalDescription", description);

    public Task<PeerState> SetRemoteDescriptionAsync(SessionDescriptionInit description) =>
        CallAsync<PeerState>("setRemoteDescription", description);

    /// <summary>
    /// Adds a remote candidate (an empty one is end of candidates). A candidate that arrives
    /// before the remote description waits for it, up to <paramref name="timeout"/>.
    /// </summary>
    public Task AddIceCandidateAsync(IceCandidateInit candidate, TimeSpan? timeout = null) =>
        CallAsync<bool>("addIceCandidate", candidate, Milliseconds(timeout));

    /// <summary>pc.localDescription now: once gathering is complete it lists every local candidate.</summary>
    public Task<SessionDescriptionInit> GetLocalDescriptionAsync() => CallAsync<SessionDescriptionInit>("localDescription");

    public Task<SessionDescriptionInit> GetRemoteDescriptionAsync() => CallAsync<SessionDescriptionInit>("remoteDescription");

    /// <summary>pc.restartIce(): the next offer carries new ICE credentials.</summary>
    public Task<PeerState> RestartIceAsync() => CallAsync<PeerState>("restartIce");

    public Task<PeerState> GetStateAsync() => CallAsync<PeerState>("state");

    /// <summary>Waits for connectionState (failing at once if it becomes "failed" instead).</summary>
    public Task<PeerState> WaitForConnectionStateAsync(string state, TimeSpan? timeout = null) =>
        CallAsync<PeerState>("waitForState", "connectionState", state, Milliseconds(timeout));

    public Task<PeerState> WaitForIceConnectionStateAsync(string state, TimeSpan? timeout = null) =>
        CallAsync<PeerState>("waitForState", "iceConnectionState", state, Milliseconds(timeout));

    public Task<PeerState> WaitForIceGatheringStateAsync(string state, TimeSpan? timeout = null) =>
        CallAsync<PeerState>("waitForState", "iceGatheringState", state, Milliseconds(timeout));

    /// <summary>Closes the RTCPeerConnection (the page stays open).</summary>
    public Task ClosePeerConnectionAsync() => CallAsync<bool>("close");
}
