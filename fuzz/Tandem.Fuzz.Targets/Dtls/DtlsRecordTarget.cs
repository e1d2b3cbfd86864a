using System.Buffers.Binary;
using Tandem.WebRtc.Dtls;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Dtls;

/// <summary>
/// What we parse of DTLS ourselves (the handshake is BouncyCastle's): record headers split out of a
/// datagram (RFC 6347 §4.1.1) and epoch-1 application data opened by <see cref="DtlsRecordProtection"/>.
/// First byte even: the rest is a datagram from the peer. Odd: the rest is a script of records the peer
/// seals (and maybe tampers with), checked against a model of the RFC 6347 §4.1.2.6 replay window.
/// </summary>
public sealed class DtlsRecordTarget : IFuzzTarget
{
    /// <summary>The peer's write key and IV; our read side uses them. Public so seeds can seal records.</summary>
    public static readonly byte[] PeerKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    public static readonly byte[] PeerIv = Convert.FromHexString("a0a1a2a3");
    private static readonly byte[] OurKey = Convert.FromHexString("f0e0d0c0b0a090807060504030201000");
    private static readonly byte[] OurIv = Convert.FromHexString("b0b1b2b3");

    private readonly byte[] _record = new byte[DtlsRecordProtection.MaxPlaintextLength + DtlsRecordProtection.Overhead];
    private readonly byte[] _plaintext = new byte[2048];

    public string Name => "dtls-record";

    /// <summary>Our side of epoch 1: the peer's records are opened with the peer's write key.</summary>
    internal static DtlsRecordProtection CreateOurs() => new(1, OurKey, OurIv, PeerKey, PeerIv);

    /// <summary>The peer's side, sending from <paramref name="sequence"/>.</summary>
    internal static DtlsRecordProtection CreatePeer(ulong sequence) => new(1, PeerKey, PeerIv, OurKey, OurIv, sequence);

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        using var ours = CreateOurs();
        if ((input[0] & 1) == 0)
        {
            ReceiveDatagram(ours, input[1..]);
        }
        else
        {
            RunScript(ours, input[1..]);
        }
    }

    /// <summary>As DtlsTransport's receive path: split records, open epoch-1 application data, hand the rest on.</summary>
    private void ReceiveDatagram(DtlsRecordProtection ours, ReadOnlySpan<byte> datagram)
    {
        Span<byte> header = stackalloc byte[DtlsRecordHeader.Size];
        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out var parsed))
            {
                Check(datagram.Length < DtlsRecordHeader.Size || datagram.Length < DtlsRecordHeader.Size + BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]),
                    "TryParse refused a complete record");
                return;
            }

            parsed.Write(header);
            Check(header.SequenceEqual(datagram[..DtlsRecordHeader.Size]), "a record header does not write back as read");
            ReadOnlySpan<byte> record = datagram[..parsed.RecordLength];
            datagram = datagram[parsed.RecordLength..];
            if (parsed.ContentType == DtlsRecordHeader.ApplicationData && parsed.Epoch == ours.Epoch)
            {
                var status = ours.Unprotect(record, _plaintext, out _, out int written);
                Check(status != DtlsRecordStatus.Ok || written <= _plaintext.Length, "Unprotect wrote past the plaintext");
            }
        }
    }

    /// <summary>
    /// Each step is 8 bytes: a 48-bit sequence number, a plaintext length and a flag byte (bit 0: tamper
    /// with the record, bits 1-7: which byte). The record goes to <see cref="DtlsRecordProtection.Unprotect"/>,
    /// whose verdict must match the model.
    /// </summary>
    private void RunScript(DtlsRecordProtection ours, ReadOnlySpan<byte> script)
    {
        var accepted = new HashSet<ulong>();
        ulong highest = 0;
        for (; script.Length >= 8; script = script[8..])
        {
            ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(script) >> 16;
            int length = script[6];
            byte flags = script[7];
            using var peer = CreatePeer(sequence);
            _plaintext.AsSpan(0, length).Fill((byte)sequence);
            Check(peer.Protect(DtlsRecordHeader.ApplicationData, _plaintext.AsSpan(0, length), _record, out int recordLength) == System.Buffers.OperationStatus.Done,
                "Protect refused a small record");
            bool tampered = (flags & 1) != 0;
            if (tampered)
            {
                _record[(flags >> 1) % recordLength] ^= 0x80;
            }

            var status = ours.Unprotect(_record.AsSpan(0, recordLength), _plaintext, out _, out int written);
            bool fresh = accepted.Count == 0 || sequence > highest || (highest - sequence < DtlsReplayWindow.Size && !accepted.Contains(sequence));
            if (status == DtlsRecordStatus.Ok)
            {
                Check(!tampered && fresh, tampered ? "a tampered record was accepted" : "a replayed record was accepted");
                Check(written == length && _plaintext.AsSpan(0, length).IndexOfAnyExcept((byte)sequence) < 0, "the plaintext changed");
                accepted.Add(sequence);
                highest = Math.Max(highest, sequence);
            }
            else
            {
                Check(tampered || !fresh, $"a fresh authentic record was refused: {status}");
            }
        }
    }
}
