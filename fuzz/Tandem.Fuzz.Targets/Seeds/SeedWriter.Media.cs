using Tandem.Fuzz.Targets.Srtp;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.Fuzz.Targets.Seeds;

public static partial class SeedWriter
{
    // RFC 7714 §16.1.1 and §17.1.1: the plaintext RTP and RTCP packets of the GCM vectors.
    private static readonly byte[] Rfc7714Rtp = Convert.FromHexString("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
    private static readonly byte[] Rfc7714Rtcp = Convert.FromHexString("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");

    private static List<(string, byte[])> Srtp()
    {
        byte[][] plain = [RtpBytes(96, 0xfffe, 3000, 0x11223344, [1, 2, 3]), RtpBytes(96, 0xffff, 6000, 0x11223344, [4, 5]),
            RtpBytes(96, 0x0000, 9000, 0x11223344, [6]), Rfc7714Rtp, Rfc7714Rtcp, Compound()];
        var list = new List<(string, byte[])>();
        foreach (var profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            byte bit = profile == SrtpProfile.AeadAes128Gcm ? (byte)1 : (byte)0;
            using var sender = SrtpTarget.CreateContext(profile);
            var protectedPackets = plain.Select(p =>
            {
                var buffer = new byte[p.Length + 64];
                var status = SrtpSession.IsRtcp(p) ? sender.ProtectRtcp(p, buffer, out int n) : sender.ProtectRtp(p, buffer, out n);
                return buffer[..n];
            }).ToArray();
            list.Add(($"network-{profile}.bin", [bit, .. FramedInput.Frame(protectedPackets)]));
            list.Add(($"sealed-{profile}.bin", [(byte)(bit | 2), .. FramedInput.Frame(plain)]));
        }

        return list;
    }

    private static List<(string, byte[])> Rtp()
    {
        var buffer = new byte[1500];
        RtpPacketBuilder.TryCreate(buffer, new RtpHeader(111, 100, 48000, 0xcafe, Marker: true), out var oneByte, RtpHeaderExtensionForm.OneByte, [7, 8]);
        oneByte.TryAddExtension(1, "0"u8);
        oneByte.TryAddExtension(3, [1, 2, 3]);
        oneByte.TryAddExtension(14, new byte[16]);
        oneByte.TryFinish([0xf8, 0xff, 0xfe], out int oneLength);
        byte[] withOneByte = buffer[..oneLength];
        RtpPacketBuilder.TryCreate(buffer, new RtpHeader(96, 101, 90000, 0xbeef), out var twoByte, RtpHeaderExtensionForm.TwoByte);
        twoByte.TryAddExtension(1, []);
        twoByte.TryAddExtension(200, new byte[40]);
        twoByte.TryFinish([0x65, 0x88], out int twoLength);
        byte[] withTwoByte = buffer[..twoLength];
        byte[] padded = [.. RtpBytes(96, 102, 90000, 0xbeef, [0x41, 0x9a]), 0, 0, 3];
        padded[0] |= 0x20;
        return
        [
            ("one-byte-extensions.bin", FramedInput.Frame(withOneByte)),
            ("stream.bin", FramedInput.Frame(withTwoByte, padded, RtpBytes(96, 104, 93000, 0xbeef, [1]), RtpBytes(96, 103, 91500, 0xbeef, [2]), Rfc7714Rtp)),
        ];
    }

    private static List<(string, byte[])> Rtcp()
    {
        var buffer = new byte[1500];
        var list = new List<(string, byte[])> { ("sr-sdes.bin", Compound()), ("rfc7714-sr.bin", Rfc7714Rtcp) };
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryAddReceiverReport(2, [new RtcpReportBlock(3, 10, -5, 70000, 30, 0x12345678, 655)]);
        writer.TryAddCname(2, "{cname-2}"u8);
        writer.TryAddBye([2, 9], "bye"u8);
        list.Add(("rr-sdes-bye.bin", writer.Written.ToArray()));
        writer = new RtcpCompoundWriter(buffer);
        writer.TryAddNack(2, 3, [10, 11, 13, 40, 65535]);
        writer.TryAddPictureLossIndication(2, 3);
        writer.TryAddFullIntraRequest(2, 3, 7);
        list.Add(("feedback.bin", writer.Written.ToArray()));

        // Transport-wide feedback: one-byte and two-byte (also negative) deltas, losses as status vectors and
        // as a run, and a base sequence number that wraps.
        writer = new RtcpCompoundWriter(buffer);
        long[] arrivals = [1_000_000, 1_000_250, -1, 1_090_000, 1_080_000, -1, -1, -1, -1, -1, -1, -1, -1, 1_100_000, 1_100_500];
        writer.TryAddReceiverReport(2, []);
        writer.TryAddTransportFeedback(2, 3, 65530, 7, arrivals, out _);
        list.Add(("transport-feedback.bin", writer.Written.ToArray()));
        list.Add(("remb.bin", Convert.FromHexString("8fce0005000000020000000052454d4201 0a3f8e 00000003".Replace(" ", "", StringComparison.Ordinal))));
        list.Add(("padded-app.bin", Convert.FromHexString("a0cc000300000002746573740000000481ca0002000000020000000000")));
        return list;
    }

    private static byte[] Compound()
    {
        var buffer = new byte[1500];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryAddSenderReport(0x11223344, new RtcpSenderInfo(0xe1234567_89abcdef, 90000, 100, 12000), [new RtcpReportBlock(0x55, 0, 0, 1000, 12, 0, 0)]);
        writer.TryAddCname(0x11223344, "tandem"u8);
        return writer.Written.ToArray();
    }

    private static byte[] RtpBytes(byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var buffer = new byte[Tandem.WebRtc.Rtp.RtpPacket.FixedHeaderLength + payload.Length];
        RtpPacketBuilder.TryCreate(buffer, new RtpHeader(payloadType, sequence, timestamp, ssrc, marker), out var builder);
        builder.TryFinish(payload, out int length);
        return buffer[..length];
    }
}
