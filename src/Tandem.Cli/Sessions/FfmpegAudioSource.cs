using System.Diagnostics;
using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Cli.Sessions;

/// <summary>
/// A microphone through an ffmpeg child process (e.g. <c>-f alsa -i default</c> on the glasses): its
/// output is converted to 16 kHz mono 16-bit PCM and cut into 20 ms frames, each stamped with the
/// capture clock's time when it arrives (capture plus pipe latency).
/// </summary>
internal sealed class FfmpegAudioSource : IAudioSource
{
    private readonly Process _process;
    private readonly Stream _pcm;
    private readonly MediaClock _clock;
    private readonly byte[] _frame;

    /// <summary>Starts <c>ffmpeg INPUT -ac 1 -ar 16000 -f s16le pipe:1</c>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg could not be started.</exception>
    public FfmpegAudioSource(IReadOnlyList<string> input, MediaClock clock, string ffmpeg = "ffmpeg")
    {
        _clock = clock;
        _frame = new byte[Format.FrameLength * 2];
        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", .. input, "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"])
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        _pcm = _process.StandardOutput.BaseStream;
    }

    /// <summary>The ffmpeg input arguments for an ALSA capture device (<c>default</c>, <c>hw:0</c>...).</summary>
    public static string[] Alsa(string device) => ["-f", "alsa", "-i", device];

    /// <inheritdoc />
    public AudioFormat Format => AudioFormat.Voice16k;

    /// <inheritdoc />
    public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Format.FrameLength, nameof(destination));
        try
        {
            await _pcm.ReadExactlyAsync(_frame, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        var instant = _clock.Now;
        for (var i = 0; i < Format.FrameLength; i++)
        {
            destination.Span[i] = (short)(_frame[2 * i] | (_frame[(2 * i) + 1] << 8));
        }

        return instant;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
