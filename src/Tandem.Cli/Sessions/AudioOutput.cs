using System.Diagnostics;
using Tandem.Media.Audio;

namespace Tandem.Cli.Sessions;

/// <summary>
/// Where received audio goes (<c>--play</c>): a WAV file, or the stdin of <c>aplay</c> / <c>ffplay</c>,
/// which play the WAV stream as it comes.
/// </summary>
internal sealed class AudioOutput : IAsyncDisposable
{
    private readonly Process? _player;

    private AudioOutput(Stream stream, Process? player)
    {
        Stream = stream;
        _player = player;
        Sink = new WavFileAudioSink(stream, AudioFormat.Voice16k);
    }

    /// <summary>The WAV stream to write.</summary>
    public Stream Stream { get; }

    /// <summary>The session's sink for the received audio: a 16 kHz mono WAV stream into <see cref="Stream"/>.</summary>
    public WavFileAudioSink Sink { get; }

    /// <summary>Opens <c>aplay</c>, <c>ffplay</c> or a file path (<c>--play</c>).</summary>
    /// <exception cref="MediaOptionException">The file cannot be written or the player cannot be started.</exception>
    public static AudioOutput Open(string spec)
    {
        string[]? player = spec switch
        {
            "aplay" => ["aplay", "-q", "-t", "wav", "-"],
            "ffplay" => ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error", "-i", "pipe:0"],
            _ => null,
        };
        if (player is null)
        {
            return new AudioOutput(MediaOptionException.CreateFile("--play", spec, spec, "give a WAV file path you can write to, or aplay or ffplay"), null);
        }

        return MediaOptionException.Wrap("--play", spec, $"install {spec} ({(spec == "aplay" ? "alsa-utils" : "ffmpeg")}) or give a WAV file path",
            () => StartPlayer(spec, player));
    }

    private static AudioOutput StartPlayer(string spec, string[] player)
    {
        var info = new ProcessStartInfo(player[0]) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in player[1..])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{spec} did not start");
        return new AudioOutput(process.StandardInput.BaseStream, process);
    }

    /// <summary>Lets the player finish (closing its stdin ends the stream), briefly, then stops it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Finishes the WAV header (a file) and closes the stream.
            await Sink.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The player already quit.
        }

        if (_player is null)
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The player already quit.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _player.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _player.Kill(entireProcessTree: true);
        }

        _player.Dispose();
    }
}
