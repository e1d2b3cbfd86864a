using System.Buffers;
using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpAllocationTests
{
    public static TheoryData<string> ProfileData => [.. Enum.GetNames<SrtpProfile>()];

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void ProtectAndUnprotect_AfterFirstPacket_AllocateNothing(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtp = MakeRtp(1, payloadLength: 1188);
        byte[] rtcp = MakeRtcp(bodyLength: 64);
        byte[] buffer = new byte[1500];
        Assert.True(RunOnce(sender, receiver, rtp, rtcp, buffer, 0));

        // Assertions box and allocate, so the loop only accumulates the outcome.
        bool allDone = true;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 1; i <= 200; i++)
        {
            allDone &= RunOnce(sender, receiver, rtp, rtcp, buffer, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allDone);
        Assert.Equal(0, allocated);
    }

    private static bool RunOnce(SrtpContext sender, SrtpContext receiver, byte[] rtp, byte[] rtcp, byte[] buffer, ushort sequence)
    {
        rtp.CopyTo(buffer, 0);
        buffer[2] = (byte)(sequence >> 8);
        buffer[3] = (byte)sequence;
        bool done = sender.ProtectRtp(buffer, rtp.Length, out int srtpLength) == OperationStatus.Done;
        done &= receiver.UnprotectRtp(buffer.AsSpan(0, srtpLength), out int rtpLength) == OperationStatus.Done;
        done &= rtpLength == rtp.Length;

        rtcp.CopyTo(buffer, 0);
        done &= sender.ProtectRtcp(buffer, rtcp.Length, out int srtcpLength) == OperationStatus.Done;
        done &= receiver.UnprotectRtcp(buffer.AsSpan(0, srtcpLength), out int rtcpLength) == OperationStatus.Done;
        return done && rtcpLength == rtcp.Length;
    }
}
