using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>Checks the WebRTC profile of what goes on the wire during the handshake.</summary>
public sealed class DtlsHandshakeWireTests
{
    [Fact]
    public async Task ClientHello_OffersWebRtcProfile()
    {
        await using var pair = new DtlsTestPair();
        var capture = new DtlsWireCapture();
        pair.ClientEnd.DropFilter = capture.Filter;

        await pair.ConnectAsync();

        // RFC 6347 §4.2.1 ClientHello: version(2) random(32) session_id<1> cookie<1> suites<2> compression<1> extensions<2>.
        byte[] hello = Assert.IsType<byte[]>(capture.Find(1));
        Assert.Equal([0xFE, 0xFD], hello[..2]);
        int offset = 34;
        offset += 1 + hello[offset];
        offset += 1 + hello[offset];
        ushort[] suites = DtlsWireCapture.ReadUInt16List(hello.AsSpan(offset), 2);
        offset += 2 + (2 * suites.Length);
        offset += 1 + hello[offset];
        Dictionary<int, byte[]> extensions = DtlsWireCapture.ReadExtensions(hello, offset);

        Assert.Equal(new ushort[] { 0xC02B, 0xC02F }, suites);
        Assert.Equal(new ushort[] { 29, 23 }, DtlsWireCapture.ReadUInt16List(extensions[10], 2));
        Assert.Equal(new ushort[] { 0x0007, 0x0001 }, DtlsWireCapture.ReadUInt16List(extensions[14], 2));
        Assert.Equal([0], extensions[14][^1..]);
        Assert.Empty(extensions[23]);
        Assert.Equal([0], extensions[0xFF01]);
    }

    [Fact]
    public async Task ServerFlight_RequestsEcdsaClientCertificateAndEchoesExtensions()
    {
        await using var pair = new DtlsTestPair();
        var capture = new DtlsWireCapture();
        pair.ServerEnd.DropFilter = capture.Filter;

        await pair.ConnectAsync();

        // RFC 5246 §7.4.4 CertificateRequest: certificate_types<1..2^8-1> first.
        byte[] request = Assert.IsType<byte[]>(capture.Find(13));
        Assert.Contains((byte)64, request.AsSpan(1, request[0]).ToArray());
        Assert.Equal(64, request[1]);

        // ServerHello: version(2) random(32) session_id<1> suite(2) compression(1) extensions<2>.
        byte[] hello = Assert.IsType<byte[]>(capture.Find(2));
        int offset = 34 + 1 + hello[34];
        Assert.Equal(0xC02B, (hello[offset] << 8) | hello[offset + 1]);
        Dictionary<int, byte[]> extensions = DtlsWireCapture.ReadExtensions(hello, offset + 3);
        Assert.Equal(new ushort[] { 0x0007 }, DtlsWireCapture.ReadUInt16List(extensions[14], 2));
        Assert.True(extensions.ContainsKey(23));
        Assert.True(extensions.ContainsKey(0xFF01));
    }
}
