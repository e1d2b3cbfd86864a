namespace Tandem.Interop.Tests.Matrix;

/// <summary>A WebRTC stack no one here wrote.</summary>
public enum Partner
{
    /// <summary>Debian python3-aiortc (<c>interop/aiortc/peer.py</c>).</summary>
    Aiortc,

    /// <summary>GStreamer webrtcbin (<c>interop/gstreamer/peer.py</c>).</summary>
    GStreamer,

    /// <summary>Debian chromium: the <c>/app</c> page as the app, <c>interop/chromium/glasses.html</c> as the glasses.</summary>
    Chromium,
}

/// <summary>Which of our commands the partner meets.</summary>
public enum OurSide
{
    /// <summary><c>tandem device</c> (our glasses): the partner is the app.</summary>
    Device,

    /// <summary><c>tandem app</c>: the partner is the glasses.</summary>
    App,
}

/// <summary>What a cell negotiates.</summary>
public enum CellFeatures
{
    /// <summary>Video (glasses to app), audio both ways, the data channel.</summary>
    Full,

    /// <summary>The data channel only.</summary>
    DataOnly,

    /// <summary>Audio both ways only.</summary>
    AudioOnly,
}

/// <summary>
/// One cell of the matrix. The first to join offers (PROTOCOL.md R18) and is ICE-controlling; the
/// answerer takes <c>a=setup:active</c>, so the join order decides both offer direction and DTLS role.
/// </summary>
public sealed record Cell(Partner Partner, OurSide Ours, bool OursJoinsFirst, CellFeatures Features)
{
    public bool Video => Features == CellFeatures.Full;

    public bool Audio => Features != CellFeatures.DataOnly;

    public bool Data => Features != CellFeatures.AudioOnly;

    /// <summary>The uid both sides join with (PROTOCOL.md R5: [A-Za-z0-9_.:-]).</summary>
    public string Uid => $"{Partner}-{Ours}-{(OursJoinsFirst ? "we" : "they")}-{Features}".ToLowerInvariant();

    /// <summary>The id our side joins as.</summary>
    public string OurId => (Ours == OurSide.Device ? "glasses_" : "app_") + Uid;

    /// <summary>The id the partner joins as.</summary>
    public string PartnerId => (Ours == OurSide.Device ? "app_" : "glasses_") + Uid;

    /// <summary>Flags that leave out what the cell does not negotiate (the same words for both sides).</summary>
    public string[] OffFlags => [.. Video ? [] : new[] { "--no-video" }, .. Audio ? [] : new[] { "--no-audio" }, .. Data ? [] : new[] { "--no-data" }];

    public override string ToString() =>
        $"{Partner} as {(Ours == OurSide.Device ? "app" : "glasses")}, {(OursJoinsFirst ? "we" : "they")} join first, {Features}";
}
