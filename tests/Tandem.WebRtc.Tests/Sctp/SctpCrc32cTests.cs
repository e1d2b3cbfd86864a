using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpCrc32cTests
{
    // RFC 3720 Appendix B.4 CRC32c examples, and the common "123456789" check value.
    public static TheoryData<byte[], uint> Vectors => new()
    {
        { "123456789"u8.ToArray(), 0xE3069283u },
        { new byte[32], 0x8A9136AAu },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
        { [], 0x00000000u },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Compute_KnownVectors_Match(byte[] data, uint expected) => Assert.Equal(expected, SctpCrc32c.Compute(data));

    [Fact]
    public void ComputePacketChecksum_PionHeaderOnlyPacket_MatchesStoredLittleEndian()
    {
        // A header-only packet (ports 5000/5000, tag 0) as captured in pion/sctp's packet tests.
        byte[] packet = [0x13, 0x88, 0x13, 0x88, 0x00, 0x00, 0x00, 0x00, 0x06, 0xa9, 0x00, 0xe1];

        Assert.Equal(BitConverter.ToUInt32(packet, 8), SctpCrc32c.ComputePacketChecksum(packet));
    }

    [Fact]
    public void ComputePacketChecksum_EqualsCrcWithZeroedField()
    {
        var packet = Enumerable.Range(0, 45).Select(i => (byte)(i * 7)).ToArray();
        var zeroed = (byte[])packet.Clone();
        zeroed.AsSpan(8, 4).Clear();

        Assert.Equal(SctpCrc32c.Compute(zeroed), SctpCrc32c.ComputePacketChecksum(packet));
    }
}
