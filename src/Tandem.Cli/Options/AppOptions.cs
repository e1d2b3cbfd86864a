namespace Tandem.Cli.Options;

/// <summary>Everything <c>tandem app</c> was asked to do.</summary>
/// <param name="Common">Server, id, features, timing, network.</param>
/// <param name="RecordDirectory">Where <c>video.h264</c> and <c>audio.wav</c> go; nothing is written when null.</param>
/// <param name="Audio"><c>tone</c>, <c>silence</c> or a 16-bit PCM WAV file path (looped).</param>
public sealed record AppOptions(SessionCommonOptions Common, string? RecordDirectory, string Audio);
