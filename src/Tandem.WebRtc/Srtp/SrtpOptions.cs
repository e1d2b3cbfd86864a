namespace Tandem.WebRtc.Srtp;

/// <summary>Tunables of an <see cref="SrtpContext"/>.</summary>
internal sealed record SrtpOptions
{
    /// <summary>Smallest replay window RFC 3711 §3.3.2 allows.</summary>
    public const int MinReplayWindowSize = 64;

    /// <summary>Largest replay window accepted (libsrtp's limit as well).</summary>
    public const int MaxReplayWindowSize = 32768;

    /// <summary>
    /// Number of packet indices behind the highest one received that are still accepted once
    /// (RFC 3711 §3.3.2). The default matches libwebrtc's, which tolerates video reordering.
    /// </summary>
    public int ReplayWindowSize { get; init; } = 1024;

    /// <summary>The defaults.</summary>
    public static SrtpOptions Default { get; } = new();
}
