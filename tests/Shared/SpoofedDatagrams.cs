using System.Buffers.Binary;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Stun;

namespace Tandem.Testing;

/// <summary>
/// Datagrams an attacker who knows (or spoofs) a call's 5-tuple can send: DTLS records of every content
/// type and epoch, STUN with bad integrity, SRTP/SRTCP and SCTP garbage, random bytes in each RFC 7983
/// range. None of them is authentic; a call must drop every one and carry on. Linked into the WebRTC
/// unit and integration test projects.
/// </summary>
internal static class SpoofedDatagrams
{
    private static readonly ushort[] Epochs = [0, 1, 2, 0xFFFF];
    private static readonly int[] BodyLengths = [0, 1, 2, 11, 23, 24, 40];

    /// <summary>
    /// Every content type a DTLS demux accepts (RFC 7983 §7: 20–63) at epochs 0, 1, 2 and 0xFFFF with short
    /// bodies (below the 24 bytes of an AEAD nonce and tag) and long ones; bad-MAC application data, plaintext
    /// handshake records, wrong versions, lengths past the datagram's end, truncated headers, two records in
    /// one datagram, and random bytes.
    /// </summary>
    public static IEnumerable<byte[]> DtlsRecords(Random random)
    {
        for (byte type = 20; type <= 63; type++)
        {
            foreach (ushort epoch in Epochs)
            {
                foreach (int length in BodyLengths)
                {
                    yield return DtlsRecord(type, 0xFEFD, epoch, (ulong)random.Next(0, 1 << 20), RandomBytes(random, length));
                }
            }
        }

        foreach (ushort epoch in Epochs)
        {
            yield return DtlsRecord(23, 0xFEFD, epoch, 3, RandomBytes(random, 64));
            yield return DtlsRecord(22, 0xFEFD, epoch, 4, ClientHelloLike(random));
            yield return DtlsRecord(22, 0x0303, epoch, 5, RandomBytes(random, 40));
            yield return DtlsRecord(23, 0xFEFF, epoch, 6, RandomBytes(random, 40));
            byte[] overflow = DtlsRecord(23, 0xFEFD, epoch, 7, RandomBytes(random, 30));
            BinaryPrimitives.WriteUInt16BigEndian(overflow.AsSpan(11), 300);
            yield return overflow;
            yield return DtlsRecord(22, 0xFEFD, epoch, 8, RandomBytes(random, 30))[..9];

            // RFC 5246 §7.2: a fatal handshake_failure alert in plaintext.
            yield return DtlsRecord(21, 0xFEFD, epoch, 9, [2, 40]);
        }

        yield return [.. DtlsRecord(22, 0xFEFD, 1, 9, RandomBytes(random, 5)), .. DtlsRecord(21, 0xFEFD, 1, 10, RandomBytes(random, 26))];
        for (int i = 0; i < 64; i++)
        {
            yield return InRange(random, 20, 63, random.Next(1, 200));
        }
    }

    /// <summary>RFC 8261: SCTP packets (common header, a DATA chunk) carried in made-up epoch-1 application_data records.</summary>
    public static IEnumerable<byte[]> SctpInFakeDtls(Random random)
    {
        for (int i = 0; i < 16; i++)
        {
            byte[] sctp = RandomBytes(random, 12 + 16 + random.Next(0, 100));
            BinaryPrimitives.WriteUInt16BigEndian(sctp, 5000);
            BinaryPrimitives.WriteUInt16BigEndian(sctp.AsSpan(2), 5000);
            sctp[12] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(sctp.AsSpan(14), (ushort)(sctp.Length - 12));
            yield return DtlsRecord(23, 0xFEFD, 1, (ulong)random.Next(0, 1 << 20), sctp);
        }
    }

    /// <summary>
    /// RFC 8489: Binding requests carrying the call's real <paramref name="username"/> but a MESSAGE-INTEGRITY
    /// made with the wrong key; requests and success responses with a broken FINGERPRINT; responses to
    /// transactions no one started.
    /// </summary>
    public static IEnumerable<byte[]> Stun(Random random, string username)
    {
        byte[] wrongKey = RandomBytes(random, 16);
        for (int i = 0; i < 8; i++)
        {
            byte[] request = BindingRequest(username, wrongKey);
            yield return request;

            byte[] badFingerprint = (byte[])request.Clone();
            badFingerprint[^1] ^= 0xFF;
            yield return badFingerprint;
            yield return BindingResponse(random.Next(1024, 65535), wrongKey);
        }
    }

    /// <summary>RTP and RTCP (RFC 3550) with random SSRCs, with the call's own <paramref name="ssrcs"/>, and garbage behind a valid-looking header.</summary>
    public static IEnumerable<byte[]> RtpAndRtcp(Random random, IReadOnlyList<uint> ssrcs)
    {
        for (int i = 0; i < 32; i++)
        {
            uint ssrc = ssrcs.Count > 0 && i % 2 == 0 ? ssrcs[i / 2 % ssrcs.Count] : (uint)random.NextInt64(0, uint.MaxValue);
            byte[] rtp = RandomBytes(random, random.Next(12, 1200));
            rtp[0] = 0x80;
            rtp[1] = (byte)random.Next(0, 128);
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
            yield return rtp;

            byte[] rtcp = RandomBytes(random, random.Next(8, 200));
            rtcp[0] = 0x81;
            rtcp[1] = (byte)random.Next(200, 207);
            BinaryPrimitives.WriteUInt16BigEndian(rtcp.AsSpan(2), (ushort)(rtcp.Length / 4 - 1));
            BinaryPrimitives.WriteUInt32BigEndian(rtcp.AsSpan(4), ssrc);
            yield return rtcp;
        }
    }

    /// <summary>Random bytes whose first byte lies in each RFC 7983 §7 range (STUN, ZRTP, DTLS, TURN channel, RTP/RTCP, and the unassigned rest).</summary>
    public static IEnumerable<byte[]> Rfc7983Ranges(Random random)
    {
        (int Low, int High)[] ranges = [(0, 3), (4, 15), (16, 19), (20, 63), (64, 79), (80, 127), (128, 191), (192, 255)];
        foreach (var (low, high) in ranges)
        {
            for (int i = 0; i < 8; i++)
            {
                yield return InRange(random, low, high, random.Next(1, 1300));
            }
        }
    }

    /// <summary>A DTLS record (RFC 6347 §4.1) with the given header fields and body.</summary>
    public static byte[] DtlsRecord(byte type, ushort version, ushort epoch, ulong sequence, byte[] body)
    {
        byte[] record = new byte[DtlsRecordHeader.Size + body.Length];
        new DtlsRecordHeader(type, version, epoch, sequence, (ushort)body.Length).Write(record);
        body.CopyTo(record, DtlsRecordHeader.Size);
        return record;
    }

    /// <summary>A check that claims the controlling role and nominates, with a MESSAGE-INTEGRITY of the wrong key.</summary>
    private static byte[] BindingRequest(string username, byte[] wrongKey)
    {
        Span<byte> buffer = stackalloc byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddUsername(username);
        writer.AddPriority(0x7E7F_00FF);
        writer.AddIceControlling(ulong.MaxValue);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(wrongKey);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>A success response to a transaction no one started.</summary>
    private static byte[] BindingResponse(int port, byte[] wrongKey)
    {
        Span<byte> buffer = stackalloc byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddXorMappedAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        writer.AddMessageIntegrity(wrongKey);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static byte[] ClientHelloLike(Random random)
    {
        // RFC 6347 §4.2.2 handshake header: client_hello (1), length 48, message_seq 0, offset 0, fragment 48.
        byte[] body = RandomBytes(random, 60);
        body[0] = 1;
        body.AsSpan(1, 3).Clear();
        body[3] = 48;
        body.AsSpan(4, 5).Clear();
        body.AsSpan(9, 2).Clear();
        body[11] = 48;
        return body;
    }

    private static byte[] InRange(Random random, int low, int high, int length)
    {
        byte[] bytes = RandomBytes(random, length);
        bytes[0] = (byte)random.Next(low, high + 1);
        return bytes;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
