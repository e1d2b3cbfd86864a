extern alias TandemMedia;

using TandemMedia::Tandem.Media.Audio;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// Records what a peer connection receives: H.264 access units appended to an Annex-B file, Opus
/// packets decoded (16 kHz mono) into a WAV file. Handlers run on the receive thread.
/// </summary>
internal sealed class MediaRecorder : IDisposable
{
    private readonly Lock _lock = new();
    private readonly FileStream _video;
    private readonly WavWriter _wav;
    private readonly OpusDecoder _decoder = new(16_000, 1);
    private readonly short[] _pcm = new short[5760];
    private int _frames;
    private int _damagedFrames;
    private int _audioPackets;
    private double _sumSquares;
    private bool _closed;

    public MediaRecorder(PeerConnection peer, string directory, string name)
    {
        VideoPath = Path.Combine(directory, name + ".h264");
        WavPath = Path.Combine(directory, name + ".wav");
        _video = File.Create(VideoPath);
        _wav = new WavWriter(File.Create(WavPath), 16_000, 1);
        peer.VideoFrameReceived += OnFrame;
        peer.AudioPacketReceived += OnAudio;
    }

    public string VideoPath { get; }

    public string WavPath { get; }

    public int Frames { get { lock (_lock) { return _frames; } } }

    public int DamagedFrames { get { lock (_lock) { return _damagedFrames; } } }

    public int AudioPackets { get { lock (_lock) { return _audioPackets; } } }

    public long AudioSamples { get { lock (_lock) { return _wav.SamplesWritten; } } }

    /// <summary>Root mean square of the decoded audio, as a fraction of full scale.</summary>
    public double AudioRms { get { lock (_lock) { return _wav.SamplesWritten == 0 ? 0 : Math.Sqrt(_sumSquares / _wav.SamplesWritten) / short.MaxValue; } } }

    /// <summary>Polls until <paramref name="done"/> holds, or the timeout passes.</summary>
    public async Task WaitUntilAsync(Func<MediaRecorder, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _video.Dispose();
            _wav.Dispose();
            _decoder.Dispose();
        }
    }

    private void OnFrame(H264Frame frame)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _frames++;
            _damagedFrames += frame.IsDamaged ? 1 : 0;
            _video.Write(frame.AnnexB);
        }
    }

    private void OnAudio(ReadOnlySpan<byte> opus, uint timestamp, ushort sequence)
    {
        lock (_lock)
        {
            if (_closed || _decoder.Decode(opus, _pcm, out var samples) != System.Buffers.OperationStatus.Done)
            {
                return;
            }

            _audioPackets++;
            foreach (var sample in _pcm.AsSpan(0, samples))
            {
                _sumSquares += (double)sample * sample;
            }

            _wav.Write(_pcm.AsSpan(0, samples));
        }
    }
}
