using System.Buffers;
using Tandem.WebRtc.Srtp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Srtp;

/// <summary>
/// SRTP and SRTCP unprotect (RFC 3711 §3.3, §3.4; RFC 7714), both profiles. First byte: bit 0 picks
/// AES-GCM over AES-CM-HMAC; bit 1 clear: the rest is framed datagrams from the network, unprotected in
/// place and into a second buffer; bit 1 set: the rest is framed plaintext RTP/RTCP that a peer with the
/// same keys protects and we unprotect, which must give the packet back (or call it a replay, never forged).
/// </summary>
public sealed class SrtpTarget : IFuzzTarget
{
    /// <summary>RFC 3711 Appendix B.3 master key and salt (the GCM salt is its first 12 bytes).</summary>
    public static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    public static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    private readonly byte[] _packet = new byte[ushort.MaxValue + 64];
    private readonly byte[] _copy = new byte[ushort.MaxValue + 64];

    public string Name => "srtp";

    /// <summary>A context with the fixed keys.</summary>
    internal static SrtpContext CreateContext(SrtpProfile profile) =>
        new(profile, MasterKey, MasterSalt.AsSpan(0, profile.MasterSaltLength()), new SrtpOptions { ReplayWindowSize = SrtpOptions.MinReplayWindowSize });

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var profile = (input[0] & 1) != 0 ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80;
        using var receiver = CreateContext(profile);
        if ((input[0] & 2) == 0)
        {
            using var twin = CreateContext(profile);
            foreach (var datagram in new FramedInput(input[1..]))
            {
                Unprotect(receiver, twin, datagram);
            }
        }
        else
        {
            using var sender = CreateContext(profile);
            foreach (var datagram in new FramedInput(input[1..]))
            {
                ProtectThenUnprotect(sender, receiver, datagram);
            }
        }
    }

    /// <summary>In place on one context, into another buffer on its twin: the verdicts and outputs must agree.</summary>
    private void Unprotect(SrtpContext receiver, SrtpContext twin, ReadOnlySpan<byte> datagram)
    {
        bool rtcp = SrtpSession.IsRtcp(datagram);
        datagram.CopyTo(_packet);
        Span<byte> inPlace = _packet.AsSpan(0, datagram.Length);
        var status = rtcp ? receiver.UnprotectRtcp(inPlace, out int written) : receiver.UnprotectRtp(inPlace, out written);
        var twinStatus = rtcp ? twin.UnprotectRtcp(datagram, _copy, out int twinWritten) : twin.UnprotectRtp(datagram, _copy, out twinWritten);
        Check(status == twinStatus && written == twinWritten, "in-place and copying unprotect disagree");
        Check(status is OperationStatus.Done or OperationStatus.InvalidData, $"unprotect returned {status}");
        Check(status != OperationStatus.Done || (written < datagram.Length && _packet.AsSpan(0, written).SequenceEqual(_copy.AsSpan(0, written))),
            "in-place and copying unprotect gave different packets");
    }

    private void ProtectThenUnprotect(SrtpContext sender, SrtpContext receiver, ReadOnlySpan<byte> packet)
    {
        bool rtcp = SrtpSession.IsRtcp(packet);
        var status = rtcp ? sender.ProtectRtcp(packet, _packet, out int length) : sender.ProtectRtp(packet, _packet, out length);
        if (status != OperationStatus.Done)
        {
            Check(status == OperationStatus.InvalidData, $"protect returned {status}");
            return;
        }

        long forged = receiver.AuthenticationFailures, malformed = receiver.MalformedPackets;
        Span<byte> srtp = _packet.AsSpan(0, length);
        var back = rtcp ? receiver.UnprotectRtcp(srtp, out int written) : receiver.UnprotectRtp(srtp, out written);
        Check(receiver.AuthenticationFailures == forged && receiver.MalformedPackets == malformed,
            "a packet our peer protected did not authenticate or parse");
        Check(back != OperationStatus.Done || _packet.AsSpan(0, written).SequenceEqual(packet), "unprotect did not give the packet back");
    }
}
