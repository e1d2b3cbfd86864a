using System.Globalization;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// The test media, encoded once per test run and shared: the device camera (testsrc2 1280×720 at
/// 30 fps, IDR every 2 s), the same pictures as IDRs only (what the camera sends after a keyframe
/// request, see <see cref="TestCamera"/>), and the lip-sync clip (white pictures from each
/// <see cref="FlashFrames"/> frame for 100 ms, to go with <see cref="LipSyncAudio"/>'s beeps).
/// </summary>
public static class MediaClips
{
    public const int FramesPerSecond = 30;
    public const int CameraGop = 60;
    public const double Seconds = 10;

    /// <summary>Lip-sync flashes: one every two seconds from 3 s (starting at frames 90, 150, 210, 270).</summary>
    public static readonly IReadOnlyList<int> FlashFrames = [90, 150, 210, 270];

    /// <summary>Pictures per flash: 100 ms, as long as the beep.</summary>
    public const int FlashPictures = 3;

    private static readonly Lazy<Task<EncodedClip>> CameraClip = new(() => EncodedClip.EncodeAsync(
        $"testsrc2=size=1280x720:rate={FramesPerSecond}", FramesPerSecond, Seconds, CameraGop, "1500k"));

    private static readonly Lazy<Task<EncodedClip>> CameraIntraClip = new(() => EncodedClip.EncodeAsync(
        $"testsrc2=size=1280x720:rate={FramesPerSecond}", FramesPerSecond, Seconds, 1, "crf=30"));

    private static readonly Lazy<Task<EncodedClip>> LipSyncClip = new(() => EncodedClip.EncodeAsync(
        $"testsrc2=size=640x360:rate={FramesPerSecond},drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='{FlashExpression()}'",
        FramesPerSecond, Seconds, CameraGop, "800k"));

    public static Task<EncodedClip> Camera => CameraClip.Value;

    public static Task<EncodedClip> CameraIntra => CameraIntraClip.Value;

    public static Task<EncodedClip> LipSync => LipSyncClip.Value;

    /// <summary>The capture time of frame <paramref name="frame"/> from the clip's start.</summary>
    public static TimeSpan FrameTime(int frame) => TimeSpan.FromTicks(frame * TimeSpan.TicksPerSecond / FramesPerSecond);

    // ffmpeg expression: true on the flash frames only (commas escaped for the filter graph).
    private static string FlashExpression() =>
        string.Join("+", FlashFrames.Select(f => string.Create(CultureInfo.InvariantCulture, $"between(n\\,{f}\\,{f + FlashPictures - 1})")));
}
