using System.Buffers;
using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpContextRtpTests
{
    public static TheoryData<string> ProfileData => [.. Enum.GetNames<SrtpProfile>()];

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_ProtectedPacket_RoundTrips(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtp = MakeRtp(1000);
        byte[] srtp = ProtectRtp(sender, rtp);
        byte[] payloadOnWire = srtp[12..rtp.Length];
        byte[] headerOnWire = srtp[..12];

        OperationStatus status = receiver.UnprotectRtp(srtp, out int length);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(rtp, srtp[..length]);
        Assert.NotEqual(rtp[12..], payloadOnWire);
        Assert.Equal(rtp[..12], headerOnWire);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_CsrcsAndExtension_KeepsHeaderInClearAndRoundTrips(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtp = MakeRtp(7, csrcCount: 2, extensionWords: 3);
        byte[] srtp = ProtectRtp(sender, rtp);
        byte[] output = new byte[rtp.Length];

        OperationStatus status = receiver.UnprotectRtp(srtp, output, out int length);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(rtp.Length, length);
        Assert.Equal(rtp, output);
        Assert.Equal(rtp[..36], srtp[..36]);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void ProtectRtp_InPlaceWithRoomForTag_WritesTagAfterPacket(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtp = MakeRtp(5, payloadLength: 0);
        byte[] buffer = new byte[rtp.Length + sender.RtpOverhead + 3];
        rtp.CopyTo(buffer, 0);

        Assert.Equal(OperationStatus.Done, sender.ProtectRtp(buffer, rtp.Length, out int written));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(buffer.AsSpan(0, written), out int length));

        Assert.Equal(rtp.Length + profile.AuthTagLength(), written);
        Assert.Equal(rtp, buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_SequenceWrapsPast65535_AdvancesRolloverCounter(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        ushort[] sequence = [65533, 65534, 65535, 0, 1, 2];
        byte[][] protectedPackets = [.. sequence.Select(s => ProtectRtp(sender, MakeRtp(s)))];

        foreach ((ushort s, byte[] srtp) in sequence.Zip(protectedPackets))
        {
            Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(srtp, out int length));
            Assert.Equal(MakeRtp(s), srtp[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_ReorderedAcrossWrap_UsesPreviousRolloverCounter(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] start = ProtectRtp(sender, MakeRtp(65534));
        byte[] late = ProtectRtp(sender, MakeRtp(65535));
        byte[] afterWrap = ProtectRtp(sender, MakeRtp(0));
        byte[] next = ProtectRtp(sender, MakeRtp(1));

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(start, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(afterWrap, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(next, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(late, out int length));

        Assert.Equal(MakeRtp(65535), late[..length]);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_SamePacketTwice_RejectsReplay(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtp = ProtectRtp(sender, MakeRtp(42));
        byte[] copy = (byte[])srtp.Clone();

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(srtp, out _));
        Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtp(copy, out int length));

        Assert.Equal(0, length);
        Assert.Equal(1, receiver.ReplayedPackets);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_OlderThanWindow_Rejects(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile, new SrtpOptions { ReplayWindowSize = 64 });
        byte[] old = ProtectRtp(sender, MakeRtp(100));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(ProtectRtp(sender, MakeRtp(101)), out _));
        byte[] insideWindow = ProtectRtp(sender, MakeRtp(102));
        for (ushort s = 103; s <= 165; s++)
        {
            Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(ProtectRtp(sender, MakeRtp(s)), out _));
        }

        // The window of 64 now spans 102..165.
        Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtp(old, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(insideWindow, out _));
        Assert.Equal(1, receiver.ReplayedPackets);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_AnyByteFlipped_RejectsAsForged(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtp = ProtectRtp(sender, MakeRtp(9, payloadLength: 20));

        // Byte 0 (version) and bytes 2-3 (sequence, which moves the index) are covered too:
        // every flip must fail, whichever check catches it.
        for (int i = 0; i < srtp.Length; i++)
        {
            byte[] tampered = (byte[])srtp.Clone();
            tampered[i] ^= 0x04;
            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtp(tampered, out _));
        }

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(srtp, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_OtherMasterKey_FailsAuthentication(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, _) = Pair(profile, seed: 1);
        (_, SrtpContext receiver) = Pair(profile, seed: 2);

        OperationStatus status = receiver.UnprotectRtp(ProtectRtp(sender, MakeRtp(3)), out _);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(1, receiver.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_EveryTruncation_RejectsWithoutThrowing(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtp = ProtectRtp(sender, MakeRtp(11, csrcCount: 1, extensionWords: 2, payloadLength: 8));

        for (int length = 0; length < srtp.Length; length++)
        {
            byte[] truncated = srtp[..length];
            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtp(truncated, out int written));
            Assert.Equal(0, written);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_RandomGarbage_RejectsWithoutThrowing(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (_, SrtpContext receiver) = Pair(profile);
        var random = new Random(1234);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length > 0)
            {
                garbage[0] = (byte)(0x80 | (garbage[0] & 0x3F));
            }

            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtp(garbage, out _));
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void ProtectRtp_NotRtp_ReturnsInvalidData(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, _) = Pair(profile);
        byte[] buffer = new byte[64];
        buffer[0] = 0x40;

        Assert.Equal(OperationStatus.InvalidData, sender.ProtectRtp(buffer, 30, out _));
        Assert.Equal(OperationStatus.InvalidData, sender.ProtectRtp(buffer, 11, out _));
        Assert.Equal(OperationStatus.InvalidData, sender.ProtectRtp(buffer, 65, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void ProtectRtp_NoRoomForTag_ReturnsDestinationTooSmall(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, _) = Pair(profile);
        byte[] rtp = MakeRtp(1);

        Assert.Equal(OperationStatus.DestinationTooSmall, sender.ProtectRtp(rtp, rtp.Length, out _));
        Assert.Equal(OperationStatus.DestinationTooSmall, sender.ProtectRtp(rtp, new byte[rtp.Length + profile.AuthTagLength() - 1], out _));
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_DestinationTooSmall_ReturnsStatusAndKeepsPacketAcceptable(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtp = ProtectRtp(sender, MakeRtp(1));

        Assert.Equal(OperationStatus.DestinationTooSmall, receiver.UnprotectRtp(srtp, new byte[srtp.Length - profile.AuthTagLength() - 1], out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(srtp, new byte[srtp.Length], out _));
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtp_TwoSsrcs_KeepSeparateState(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] a = ProtectRtp(sender, MakeRtp(500, ssrc: 1));
        byte[] b = ProtectRtp(sender, MakeRtp(500, ssrc: 2));

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(a, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtp(b, out _));
    }

    [Fact]
    public void UnprotectRtp_PartiallyOverlappingDestination_Throws()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        byte[] srtp = ProtectRtp(sender, MakeRtp(1));
        byte[] buffer = new byte[srtp.Length + 4];
        srtp.CopyTo(buffer, 4);

        Assert.Throws<ArgumentException>(() => receiver.UnprotectRtp(buffer.AsSpan(4), buffer, out _));
    }
}
