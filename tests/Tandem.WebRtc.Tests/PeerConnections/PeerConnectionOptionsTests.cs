using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class PeerConnectionOptionsTests
{
    /// <summary>DTLS 1.2 record header (13) + AES-GCM explicit nonce (8) + tag (16), RFC 6347 §4.1 and RFC 5288 §3.</summary>
    private const int GcmRecordOverhead = 13 + 8 + 16;

    [Fact]
    public void Defaults_SctpPacket_FitsOneDtlsRecord()
    {
        var options = new PeerConnectionOptions();

        Assert.True(options.Settings.Sctp.Mtu <= options.Settings.Dtls.MaxDatagramSize - GcmRecordOverhead);
        Assert.True(new SctpAssociationOptions().Mtu <= options.Settings.Dtls.MaxDatagramSize - GcmRecordOverhead);
        Assert.Equal(new SctpAssociationOptions().Mtu, options.Settings.Sctp.Mtu);
    }
}
