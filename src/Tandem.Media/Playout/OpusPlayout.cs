using System.Buffers;
using Tandem.Media.Jitter;
using Tandem.Media.Opus;

namespace Tandem.Media.Playout;

/// <summary>
/// The receive side of an Opus stream: RTP payloads go into a <see cref="JitterBuffer{T}"/>, and due
/// packets come out as PCM frames, one per <c>TryReadFrame</c> call. A gap before a packet is
/// filled in order: PLC for all but the last missing frame, then FEC recovery of the last one from
/// the packet itself, then the packet's own frame.
/// </summary>
/// <remarks>
/// Payloads are copied into pooled buffers on insert and returned after decoding. Insert may be
/// called from the network thread while another thread reads frames; reads must come from one
/// thread (the decoder is stateful).
/// </remarks>
public sealed class OpusPlayout : IDisposable
{
    /// <summary>Longer gaps are concealed only up to this many frames (100 ms at 20 ms), then skipped.</summary>
    internal const int MaxConcealedFrames = 5;

    private const int OpusRtpClockRate = 48_000;

    private readonly OpusDecoder _decoder;
    private readonly JitterBuffer<Payload> _buffer;
    private Payload _pending;
    private uint _pendingTimestamp;
    private bool _hasPending;
    private int _missing;
    private long _decoded, _recovered, _concealed;

    /// <summary>Creates a playout decoding to <paramref name="sampleRate"/> Hz and <paramref name="channels"/> channels.</summary>
    public OpusPlayout(int sampleRate = 16_000, int channels = 1, JitterBufferOptions? options = null, TimeProvider? timeProvider = null)
    {
        _decoder = new OpusDecoder(sampleRate, channels);
        _buffer = new JitterBuffer<Payload>(options ?? JitterBufferOptions.Audio, timeProvider, static p => p.Return());
    }

    /// <summary>The jitter buffer (delay, jitter and loss statistics).</summary>
    internal JitterBuffer<Payload> JitterBuffer => _buffer;

    /// <summary>How long until the next buffered frame is due for <see cref="TryReadFrame(Span{short}, out int, out PlayoutFrameKind)"/>; null when none is buffered.</summary>
    public TimeSpan? TimeUntilNextDue => _buffer.TimeUntilNextDue;

    /// <summary>Frame counters.</summary>
    public OpusPlayoutStatistics Statistics => new(_decoded, _recovered, _concealed);

    /// <summary>Buffers one RTP payload (copied); returns what the jitter buffer did with it.</summary>
    public JitterInsertResult InsertPacket(ushort sequenceNumber, uint rtpTimestamp, ReadOnlySpan<byte> payload)
    {
        var copy = Payload.Rent(payload);
        var result = _buffer.Insert(sequenceNumber, rtpTimestamp, copy);
        if (result is JitterInsertResult.Late or JitterInsertResult.Duplicate)
        {
            copy.Return();
        }

        return result;
    }

    /// <summary>
    /// Produces the next frame if one is due.
    /// </summary>
    /// <param name="pcm">Room for one packet's duration (e.g. 320 samples for 20 ms at 16 kHz mono; 120 ms suffices for any packet).</param>
    /// <param name="samplesPerChannel">Samples per channel written.</param>
    /// <param name="kind">How the frame was produced.</param>
    /// <returns>False when nothing is due yet.</returns>
    public bool TryReadFrame(Span<short> pcm, out int samplesPerChannel, out PlayoutFrameKind kind) =>
        TryReadFrame(pcm, out samplesPerChannel, out kind, out _);

    /// <summary>
    /// Produces the next frame if one is due, with the 48 kHz RTP timestamp (RFC 7587 §4.1) of its first
    /// sample: a concealed or recovered frame gets the timestamp the lost packet would have carried.
    /// </summary>
    /// <param name="pcm">Room for one packet's duration (see the other overload).</param>
    /// <param name="samplesPerChannel">Samples per channel written.</param>
    /// <param name="kind">How the frame was produced.</param>
    /// <param name="rtpTimestamp">The frame's RTP timestamp (48 kHz units).</param>
    /// <returns>False when nothing is due yet.</returns>
    public bool TryReadFrame(Span<short> pcm, out int samplesPerChannel, out PlayoutFrameKind kind, out uint rtpTimestamp)
    {
        if (!_hasPending)
        {
            if (!_buffer.TryPop(out var frame))
            {
                samplesPerChannel = 0;
                kind = default;
                rtpTimestamp = 0;
                return false;
            }

            _pending = frame.Item;
            _pendingTimestamp = frame.RtpTimestamp;
            _hasPending = true;
            _missing = Math.Min(frame.LostBefore, MaxConcealedFrames);
        }

        int frameSamples = OpusPacket.GetSampleCount(_pending.Span, _decoder.SampleRate);
        frameSamples = frameSamples > 0 ? frameSamples : _decoder.SampleRate / 50;
        var output = pcm[..Math.Min(pcm.Length, frameSamples * _decoder.Channels)];

        // The missing frames are taken to last as long as the packet after them (RFC 7587 §4.1: 48 kHz units).
        rtpTimestamp = unchecked(_pendingTimestamp - (uint)((long)_missing * frameSamples * OpusRtpClockRate / _decoder.SampleRate));
        if (_missing > 1)
        {
            _missing--;
            return Conceal(output, out samplesPerChannel, out kind);
        }

        if (_missing == 1)
        {
            _missing = 0;
            if (_decoder.DecodeFec(_pending.Span, output, out samplesPerChannel) == OperationStatus.Done)
            {
                _recovered++;
                kind = PlayoutFrameKind.Recovered;
                return true;
            }

            return Conceal(output, out samplesPerChannel, out kind);
        }

        var status = _decoder.Decode(_pending.Span, pcm, out samplesPerChannel);
        _pending.Return();
        _hasPending = false;
        if (status != OperationStatus.Done)
        {
            return Conceal(output, out samplesPerChannel, out kind);
        }

        _decoded++;
        kind = PlayoutFrameKind.Decoded;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_hasPending)
        {
            _pending.Return();
            _hasPending = false;
        }

        _buffer.Clear();
        _decoder.Dispose();
    }

    private bool Conceal(Span<short> output, out int samplesPerChannel, out PlayoutFrameKind kind)
    {
        int result = _decoder.DecodeLost(output);
        samplesPerChannel = Math.Max(result, 0);
        _concealed++;
        kind = PlayoutFrameKind.Concealed;
        return true;
    }

    /// <summary>An RTP payload copied into a pooled array.</summary>
    internal readonly record struct Payload(byte[] Buffer, int Length)
    {
        /// <summary>The payload bytes.</summary>
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

        internal static Payload Rent(ReadOnlySpan<byte> bytes)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
            bytes.CopyTo(buffer);
            return new Payload(buffer, bytes.Length);
        }

        internal void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
