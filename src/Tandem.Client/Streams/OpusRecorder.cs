using System.Buffers;
using Tandem.Media.Audio;
using Tandem.Media.Opus;

namespace Tandem.Client.Streams;

/// <summary>
/// Decodes received Opus packets in sequence order to 16-bit PCM and writes them to a WAV stream.
/// A gap in sequence numbers is filled before the packet that ends it: packet-loss concealment for
/// all but the last missing frame, then in-band FEC recovery of the last one from the packet itself
/// (RFC 6716 §2.1.7). Late and duplicate packets are dropped. Called on the receive thread.
/// </summary>
public sealed class OpusRecorder : IDisposable
{
    /// <summary>Gaps are concealed up to this many frames (1 s at 20 ms); a longer gap is a new stream.</summary>
    public const int MaxConcealedFrames = 50;

    // One receive thread decodes; Reset and the counters may come from others.
    private readonly Lock _lock = new();
    private readonly OpusDecoder _decoder;
    private readonly WavWriter? _wav;
    private readonly short[] _pcm;
    private ushort _lastSequence;
    private bool _hasLast;
    private long _samples;
    private bool _outputFailed;

    /// <summary>Decodes to <paramref name="sampleRate"/> Hz mono and records into <paramref name="wavOutput"/> (or only counts when null).</summary>
    public OpusRecorder(Stream? wavOutput, int sampleRate = 16_000)
    {
        _decoder = new OpusDecoder(sampleRate, 1);
        _wav = wavOutput is null ? null : new WavWriter(wavOutput, sampleRate, 1);
        _pcm = new short[sampleRate * 120 / 1000];
    }

    /// <summary>Packets received.</summary>
    public StreamCounters Received { get; } = new();

    /// <summary>Frames concealed or recovered for lost packets.</summary>
    public long ConcealedFrames { get; private set; }

    /// <summary>Audio decoded so far (including concealment).</summary>
    public TimeSpan Duration
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds((double)_samples / _decoder.SampleRate);
            }
        }
    }

    /// <summary>Takes one RTP payload with its sequence number.</summary>
    public void Write(ReadOnlySpan<byte> packet, ushort sequenceNumber)
    {
        lock (_lock)
        {
            Received.Add(packet.Length);
            var gap = _hasLast ? unchecked((short)(sequenceNumber - _lastSequence)) : 1;
            if (gap <= 0)
            {
                return;
            }

            if (gap > 1 && gap <= MaxConcealedFrames + 1)
            {
                // Each missing frame is taken to last as long as the packet after the gap (20 ms when unknown).
                var frame = OpusPacket.GetSampleCount(packet, _decoder.SampleRate);
                var lost = _pcm.AsSpan(0, frame > 0 && frame <= _pcm.Length ? frame : _decoder.SampleRate / 50);
                for (var i = 0; i < gap - 2; i++)
                {
                    Emit(Math.Max(_decoder.DecodeLost(lost), 0));
                }

                Emit(_decoder.DecodeFec(packet, lost, out var recovered) == OperationStatus.Done ? recovered : Math.Max(_decoder.DecodeLost(lost), 0));
                ConcealedFrames += gap - 1;
            }

            _lastSequence = sequenceNumber;
            _hasLast = true;
            if (_decoder.Decode(packet, _pcm, out var decoded) == OperationStatus.Done)
            {
                Emit(decoded);
            }
        }
    }

    /// <summary>A new stream starts (new peer connection): forget the sequence numbers.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _hasLast = false;
        }
    }

    /// <summary>Finishes the WAV header and closes it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            try
            {
                _wav?.Dispose();
            }
            catch (IOException)
            {
                // The player's pipe is already closed; nothing is left to flush.
            }

            _decoder.Dispose();
        }
    }

    private void Emit(int samples)
    {
        _samples += samples;
        if (_wav is null || _outputFailed)
        {
            return;
        }

        try
        {
            _wav.Write(_pcm.AsSpan(0, samples));
        }
        catch (IOException)
        {
            // A player that quit (closed pipe) must not take the receive thread down: stop writing, keep counting.
            _outputFailed = true;
        }
    }
}
