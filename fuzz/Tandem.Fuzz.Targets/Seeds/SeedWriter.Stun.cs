using System.Net;
using Tandem.Fuzz.Targets.Dtls;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Stun;

namespace Tandem.Fuzz.Targets.Seeds;

public static partial class SeedWriter
{
    private static List<(string, byte[])> Stun()
    {
        var id = StunTransactionId.Read(Convert.FromHexString("b7e7a701bc34d686fa87dfae"));
        var key = StunCredentials.ShortTermKey("fuzzpasswordfuzzpassword");
        var buffer = new byte[512];

        // As Chromium checks a pair: USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, integrity, fingerprint.
        var request = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        request.AddUsername("remoteufrag:localufrag");
        request.AddAttribute((StunAttributeType)0xC057, [0, 1, 0, 10]);
        request.AddIceControlling(0x1122334455667788);
        request.AddUseCandidate();
        request.AddPriority(1853824767);
        request.AddMessageIntegrity(key);
        request.AddFingerprint();
        byte[] chromiumRequest = request.Written.ToArray();

        var response = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, id);
        response.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 50000));
        response.AddMappedAddress(new IPEndPoint(IPAddress.Parse("10.77.0.1"), 50001));
        response.AddMessageIntegritySha256(key);
        response.AddFingerprint();
        byte[] success = response.Written.ToArray();

        var error = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, id);
        error.AddErrorCode(420, "Unknown Attribute");
        error.AddUnknownAttributes([(StunAttributeType)0x0031, (StunAttributeType)0x0032]);
        error.AddSoftware("tandem fuzz");
        error.AddIceControlled(42);
        byte[] errorResponse = error.Written.ToArray();

        return
        [
            ("rfc5769-request.bin", Convert.FromHexString("000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf")),
            ("rfc5769-ipv4-response.bin", Convert.FromHexString("0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96")),
            ("rfc5769-ipv6-response.bin", Convert.FromHexString("010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c")),
            ("rfc5769-long-term.bin", Convert.FromHexString("000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b900000015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c652e6f72670000080014f67024656dd64a3e02b8e0712e85c9a28ca89666")),
            ("chromium-like-request.bin", chromiumRequest),
            ("success-response.bin", success),
            ("error-420.bin", errorResponse),
        ];
    }

    private static List<(string, byte[])> Dtls()
    {
        using var peer = DtlsRecordTarget.CreatePeer(5);
        var sealedRecords = new byte[256];
        peer.Protect(DtlsRecordHeader.ApplicationData, "hello sctp"u8, sealedRecords, out int first);
        peer.Protect(DtlsRecordHeader.Alert, [1, 0], sealedRecords.AsSpan(first), out int second);
        byte[] handshake = Convert.FromHexString("16fefd000000000000000100190100000d000000000000000dfefd000000000000000000000000");
        byte[] shortRecord = Convert.FromHexString("18fefd00010000000000000003010203");
        return
        [
            ("datagram-app-data.bin", [0, .. sealedRecords.AsSpan(0, first)]),
            ("datagram-app-data-and-alert.bin", [0, .. sealedRecords.AsSpan(0, first + second)]),
            ("datagram-epoch0-handshake.bin", [0, .. handshake]),
            ("datagram-short-epoch1.bin", [0, .. shortRecord]),
            ("script-in-order.bin", Convert.FromHexString("01" + "000000000001" + "10" + "00" + "000000000002" + "20" + "00" + "000000000003" + "00" + "00")),
            ("script-replay-and-tamper.bin", Convert.FromHexString("01" + "000000000050" + "10" + "00" + "000000000050" + "10" + "00" + "000000000010" + "04" + "00" + "000000000051" + "08" + "0b" + "000000000090" + "01" + "00")),
        ];
    }
}
