using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Tests.Srtp;

namespace Tandem.Benchmarks.Srtp;

/// <summary>
/// Protect then unprotect one 1200-byte RTP packet (12-byte header, 1188-byte payload):
/// our <see cref="SrtpContext"/> against libsrtp2 (the baseline), per profile.
/// Packets per second = 1e9 / Mean (ns).
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PacketLength = 1200;

    private readonly byte[] _template = new byte[PacketLength];
    private byte[] _buffer = [];
    private SrtpContext? _sender;
    private SrtpContext? _receiver;
    private LibSrtpSession? _libSender;
    private LibSrtpSession? _libReceiver;
    private ushort _sequence;

    // BenchmarkDotNet needs a public parameter; the profile type is internal, so it goes by name.
    [Params(nameof(SrtpProfile.Aes128CmHmacSha1_80), nameof(SrtpProfile.AeadAes128Gcm))]
    public string ProfileName { get; set; } = nameof(SrtpProfile.Aes128CmHmacSha1_80);

    private SrtpProfile Profile => Enum.Parse<SrtpProfile>(ProfileName);

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = [.. Enumerable.Range(1, Profile.MasterKeyLength()).Select(i => (byte)i)];
        byte[] salt = [.. Enumerable.Range(50, Profile.MasterSaltLength()).Select(i => (byte)i)];
        _sender = new SrtpContext(Profile, key, salt);
        _receiver = new SrtpContext(Profile, key, salt);
        _libSender = new LibSrtpSession(Profile, key, salt, outbound: true);
        _libReceiver = new LibSrtpSession(Profile, key, salt, outbound: false);

        _template[0] = 0x80;
        _template[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_template.AsSpan(8), 0x12345678);
        for (int i = 12; i < PacketLength; i++)
        {
            _template[i] = (byte)i;
        }

        _buffer = new byte[PacketLength + Tandem.WebRtc.Tests.Srtp.LibSrtp.MaxTrailer];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
        _libSender?.Dispose();
        _libReceiver?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int LibSrtp()
    {
        NextPacket();
        int length = PacketLength;
        int status = _libSender!.ProtectRtp(_buffer, ref length);
        status |= _libReceiver!.UnprotectRtp(_buffer, ref length);
        return status == 0 ? length : throw new InvalidOperationException($"libsrtp failed: {status}");
    }

    [Benchmark]
    public int Ours()
    {
        NextPacket();
        OperationStatus status = _sender!.ProtectRtp(_buffer, PacketLength, out int length);
        if (status != OperationStatus.Done || _receiver!.UnprotectRtp(_buffer.AsSpan(0, length), out length) != OperationStatus.Done)
        {
            throw new InvalidOperationException("SRTP failed");
        }

        return length;
    }

    // Each call sends the next sequence number, so neither side sees a replay.
    private void NextPacket()
    {
        _template.CopyTo(_buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), ++_sequence);
    }
}
