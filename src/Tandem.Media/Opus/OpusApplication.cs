namespace Tandem.Media.Opus;

/// <summary>The coding mode passed to <c>opus_encoder_create</c> (opus_defines.h).</summary>
public enum OpusApplication
{
    /// <summary>Best for most VoIP/videoconference applications where listening quality and intelligibility matter most.</summary>
    Voip = 2048,

    /// <summary>Best for broadcast/high-fidelity application where the decoded audio should be as close as possible to the input.</summary>
    Audio = 2049,

    /// <summary>Only when lowest-achievable latency is what matters most (disables the speech-optimised mode).</summary>
    RestrictedLowDelay = 2051,
}
