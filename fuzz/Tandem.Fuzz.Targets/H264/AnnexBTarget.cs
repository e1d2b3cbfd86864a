extern alias TandemMedia;

using Tandem.Common.H264;
using TandemMedia::Tandem.Media.H264;
using Tandem.WebRtc.Payloads.H264;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.H264;

/// <summary>
/// The Annex-B readers (ITU-T H.264 Annex B) and the SPS parser (§7.3.2.1.1) on an encoder's byte stream,
/// then each access unit packetized (RFC 6184) and depacketized again. First byte: the stream's read
/// size. Checks: the units put together are the stream; the depacketized unit holds the NAL units the
/// packetizer sends, in its order (parameter sets first before an IDR).
/// </summary>
public sealed partial class AnnexBTarget : IFuzzTarget
{
    private const int MaxAccessUnitSize = 16 * 1024;

    public string Name => "annexb";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] stream = input[1..].ToArray();
        using var reader = new AnnexBReader(new ChunkedStream(stream, 1 + input[0]), MaxAccessUnitSize);
        var packetizer = new H264Packetizer(maxPayloadSize: 64 + input[0]);
        var rememberedSets = new RememberedSets();
        var offset = 0;
        uint timestamp = 0;
        while (true)
        {
            H264AccessUnit? unit;
            try
            {
                unit = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (InvalidDataException)
            {
                // Documented: a unit over the size bound.
                return;
            }

            if (unit is null)
            {
                break;
            }

            using (unit)
            {
                Check(unit.Length > 0 && unit.Span.SequenceEqual(stream.AsSpan(offset, unit.Length)), "an access unit is not the next part of the stream");
                offset += unit.Length;
                Inspect(unit);
                RoundTrip(packetizer, rememberedSets, unit.Span, timestamp += 3000);
            }
        }

        Check(offset == stream.Length, "the access units do not add up to the stream");
    }

    private static void Inspect(H264AccessUnit unit)
    {
        _ = (unit.IsKeyframe, unit.HasSps, unit.HasPps);
        _ = unit.TryGetSps(out _);
        foreach (var nal in unit.NalUnits)
        {
            Check(!nal.IsEmpty, "an empty NAL unit");
            if (H264NalHeader.TryRead(nal, out var header) && header.Type == H264NalUnitType.Sps && H264Sps.TryParse(nal, out var sps))
            {
                Check(sps.Width > 0 && sps.Height > 0 && sps.Width <= 16 * 8192 && sps.Height <= 16 * 8192 * 2, $"an SPS of {sps.Width}x{sps.Height}");
                _ = sps.ProfileLevelId;
            }
        }
    }

    /// <summary>A stream that returns at most a fixed number of bytes per read, as a pipe does.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
