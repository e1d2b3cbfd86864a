using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Rtp;

namespace Tandem.Benchmarks.Rtp;

/// <summary>
/// Building and parsing one 1200-byte RTP packet with a MID extension, against a baseline copy
/// of the same 1200 bytes: the ratio is the cost of the header work per packet.
/// </summary>
[MemoryDiagnoser]
public class RtpPacketBenchmarks
{
    private readonly byte[] _payload = new byte[1188];
    private readonly byte[] _buffer = new byte[1500];
    private ushort _sequence;

    [Benchmark(Baseline = true)]
    public int CopyOnly()
    {
        _payload.CopyTo(_buffer.AsSpan(12));
        return _buffer[100];
    }

    [Benchmark]
    public int BuildAndParse()
    {
        RtpPacketBuilder.TryCreate(_buffer, new RtpHeader(102, _sequence++, 90000, 0x1234, true), out var builder, RtpHeaderExtensionForm.OneByte);
        builder.TryAddExtension(1, "0"u8);
        builder.TryFinish(_payload, out var length);
        RtpPacket.TryParse(_buffer.AsSpan(0, length), out var packet);
        packet.TryGetExtension(1, out var mid);
        return packet.Payload.Length + mid.Length;
    }
}
