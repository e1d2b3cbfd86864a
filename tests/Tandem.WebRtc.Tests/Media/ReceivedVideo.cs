using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>Writes the access units a receiver delivers to an .h264 file and completes when the expected count arrived.</summary>
internal sealed class ReceivedVideo : IDisposable
{
    private readonly FileStream _file;
    private readonly int _expected;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReceivedVideo(string path, int expected)
    {
        Path = path;
        _expected = expected;
        _file = File.Create(path);
    }

    public string Path { get; }

    public int Frames { get; private set; }

    public int Damaged { get; private set; }

    public int Keyframes { get; private set; }

    public List<uint> Timestamps { get; } = [];

    public Task Completed => _done.Task;

    /// <summary>The frame handler; runs on the receive thread, under the receiver's lock.</summary>
    public void OnFrame(H264Frame frame)
    {
        _file.Write(frame.AnnexB);
        Frames++;
        Damaged += frame.IsDamaged ? 1 : 0;
        Keyframes += frame.IsKeyframe ? 1 : 0;
        Timestamps.Add(frame.RtpTimestamp);
        if (Frames == _expected)
        {
            _file.Flush();
            _done.TrySetResult();
        }
    }

    public void Dispose() => _file.Dispose();
}
