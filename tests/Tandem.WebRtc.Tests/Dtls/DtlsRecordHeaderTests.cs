using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    [Fact]
    public void WriteThenTryParse_RoundTrips()
    {
        var header = new DtlsRecordHeader(23, 0xFEFD, 1, 0x0000_A1B2_C3D4_E5F6, 3);
        byte[] record = new byte[16];

        header.Write(record);

        Assert.Equal(Convert.FromHexString("17FEFD0001A1B2C3D4E5F60003"), record[..13]);
        Assert.True(DtlsRecordHeader.TryParse(record, out DtlsRecordHeader parsed));
        Assert.Equal(header, parsed);
        Assert.Equal(0x0001_A1B2_C3D4_E5F6UL, parsed.EpochAndSequence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(15)]
    public void TryParse_TruncatedHeaderOrFragment_False(int length)
    {
        byte[] record = Convert.FromHexString("17FEFD000100000000000700030A0B0C");

        Assert.False(DtlsRecordHeader.TryParse(record.AsSpan(0, length), out _));
    }
}
