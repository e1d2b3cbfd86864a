using Tandem.WebRtc.Payloads.H264;
using static Tandem.WebRtc.Tests.Payloads.H264.H264PacketizerTests;

namespace Tandem.WebRtc.Tests.Payloads.H264;

public sealed class H264DepacketizerTests : IDisposable
{
    private readonly List<(byte[] AnnexB, uint Timestamp, bool IsKeyframe, bool IsDamaged)> _frames = [];
    private readonly H264Depacketizer _depacketizer;

    public H264DepacketizerTests() =>
        _depacketizer = new H264Depacketizer(f => _frames.Add((f.AnnexB.ToArray(), f.RtpTimestamp, f.IsKeyframe, f.IsDamaged)));

    public void Dispose() => _depacketizer.Dispose();

    [Fact]
    public void Push_StapAWithSpsPpsIdr_KeyframeInAnnexB()
    {
        var payload = Convert.FromHexString("78" + "0002" + "6742" + "0002" + "68CE" + "0003" + "658899");

        _depacketizer.Push(1, 100, true, payload);

        var frame = Assert.Single(_frames);
        Assert.Equal(Convert.FromHexString("000000016742" + "0000000168CE" + "00000001658899"), frame.AnnexB);
        Assert.True(frame.IsKeyframe);
        Assert.False(frame.IsDamaged);
        Assert.Equal(100u, frame.Timestamp);
    }

    [Fact]
    public void Push_IdrWithoutParameterSets_NotKeyframe()
    {
        _depacketizer.Push(1, 100, true, [0x65, 1, 2]);

        Assert.False(Assert.Single(_frames).IsKeyframe);
    }

    [Fact]
    public void Push_FuAMissingStart_FrameDamaged()
    {
        _depacketizer.Push(1, 100, false, [0x41, 1]);
        _depacketizer.Push(3, 100, false, [0x7C, 0x05, 9, 9]);
        _depacketizer.Push(4, 100, true, [0x7C, 0x45, 9, 9]);

        var frame = Assert.Single(_frames);
        Assert.True(frame.IsDamaged);
        Assert.Equal(Convert.FromHexString("0000000141" + "01"), frame.AnnexB);
    }

    [Fact]
    public void Push_FuAWithoutEndAtMarker_DropsPartialNalAndFlags()
    {
        _depacketizer.Push(1, 100, false, [0x41, 1]);
        _depacketizer.Push(2, 100, true, [0x7C, 0x85, 9, 9]);

        var frame = Assert.Single(_frames);
        Assert.True(frame.IsDamaged);
        Assert.Equal(Convert.FromHexString("000000014101"), frame.AnnexB);
    }

    [Fact]
    public void Push_FuAEndingWithAnotherType_KeyframeOnlyFromTheRebuiltType()
    {
        // Found by fuzzing (fuzz/findings/h264-rtp): an IDR fragment cut short by the start of a non-IDR
        // fragment whose end fragment says IDR made a unit without an IDR slice count as a keyframe.
        _depacketizer.Push(1, 100, false, Convert.FromHexString("78" + "0002" + "6742" + "0002" + "68CE"));
        _depacketizer.Push(2, 100, false, [0x7C, 0x85, 1, 2]);
        _depacketizer.Push(3, 100, false, [0x7C, 0x81, 3, 4]);
        _depacketizer.Push(4, 100, true, [0x7C, 0x45, 5, 6]);

        var frame = Assert.Single(_frames);
        Assert.Equal(Convert.FromHexString("000000016742" + "0000000168CE" + "0000000161" + "03040506"), frame.AnnexB);
        Assert.True(frame.IsDamaged);
        Assert.False(frame.IsKeyframe);
    }

    [Fact]
    public void Push_SingleNalInsideFuA_FragmentDroppedNalKept()
    {
        // Found by fuzzing (fuzz/findings/h264-rtp): a single NAL unit between FU-A fragments was written
        // inside the unfinished fragment and cut off with it at the marker, though it had been counted.
        _depacketizer.Push(1, 100, false, Convert.FromHexString("78" + "0002" + "6742" + "0002" + "68CE"));
        _depacketizer.Push(2, 100, false, [0x7C, 0x85, 1, 2]);
        _depacketizer.Push(3, 100, true, [0x65, 7]);

        var frame = Assert.Single(_frames);
        Assert.Equal(Convert.FromHexString("000000016742" + "0000000168CE" + "000000016507"), frame.AnnexB);
        Assert.True(frame.IsDamaged);
        Assert.True(frame.IsKeyframe);
    }

    [Fact]
    public void Push_TimestampChangesWithoutMarker_PreviousFrameDamaged()
    {
        _depacketizer.Push(1, 100, false, [0x41, 1]);
        _depacketizer.Push(2, 200, true, [0x41, 2]);

        Assert.Equal(2, _frames.Count);
        Assert.True(_frames[0].IsDamaged);
        Assert.False(_frames[1].IsDamaged);
    }

    [Fact]
    public void Push_WholeFrameLost_NextFrameFlagged()
    {
        _depacketizer.Push(65535, 100, true, [0x41, 1]);
        _depacketizer.Push(1, 300, true, [0x41, 3]);

        Assert.False(_frames[0].IsDamaged);
        Assert.True(_frames[1].IsDamaged);
    }

    [Fact]
    public void Push_DuplicateOrLatePacket_Ignored()
    {
        _depacketizer.Push(10, 100, false, [0x41, 1]);
        _depacketizer.Push(10, 100, false, [0x41, 1]);
        _depacketizer.Push(9, 100, false, [0x41, 7]);
        _depacketizer.Push(11, 100, true, [0x41, 2]);

        var frame = Assert.Single(_frames);
        Assert.Equal(Convert.FromHexString("000000014101" + "000000014102"), frame.AnnexB);
        Assert.False(frame.IsDamaged);
    }

    [Fact]
    public void Push_SenderRestartsFarBehind_FramesResumeFlagged()
    {
        _depacketizer.Push(40000, 100, true, [0x41, 1]);
        _depacketizer.Push(10, 200, true, [0x41, 2]);
        _depacketizer.Push(11, 300, true, [0x41, 3]);

        Assert.Equal(3, _frames.Count);
        Assert.True(_frames[1].IsDamaged);
        Assert.False(_frames[2].IsDamaged);
    }

    [Fact]
    public void Push_MalformedStapA_FlagsFrame()
    {
        _depacketizer.Push(1, 100, true, Convert.FromHexString("78" + "0002" + "4101" + "0009" + "41"));

        var frame = Assert.Single(_frames);
        Assert.True(frame.IsDamaged);
        Assert.Equal(Convert.FromHexString("000000014101"), frame.AnnexB);
    }

    [Fact]
    public void Push_FrameAboveLimit_TruncatedAndDamaged()
    {
        using var small = new H264Depacketizer(f => _frames.Add((f.AnnexB.ToArray(), f.RtpTimestamp, f.IsKeyframe, f.IsDamaged)), 1024);
        small.Push(1, 0, false, Nal(0x41, 1000));
        small.Push(2, 0, true, Nal(0x41, 1000));

        var frame = Assert.Single(_frames);
        Assert.True(frame.IsDamaged);
        Assert.Equal(1004, frame.AnnexB.Length);
    }

    [Fact]
    public void Push_RandomPayloads_NeverThrows()
    {
        var random = new Random(77);
        var payload = new byte[300];
        for (var i = 0; i < 30_000; i++)
        {
            random.NextBytes(payload);
            var length = random.Next(payload.Length + 1);
            if (length > 0 && random.Next(3) == 0)
            {
                payload[0] = (byte)((payload[0] & 0xE0) | (random.Next(2) == 0 ? 24 : 28));
            }

            _depacketizer.Push((ushort)(i + random.Next(2)), (uint)(i / 5), random.Next(4) == 0, payload.AsSpan(0, length));
        }

        Assert.NotEmpty(_frames);
        Assert.Contains(_frames, f => f.IsDamaged);
    }

    [Fact]
    public void RoundTrip_LargeUnitSmallBudget_Identical()
    {
        var packetizer = new H264Packetizer(64);
        byte[][] nals = [[0x67, 1, 2, 3], [0x68, 4, 5], Nal(0x06, 30), Nal(0x65, 5000), Nal(0x65, 61), Nal(0x65, 70)];
        var packets = Run(packetizer, AnnexB(nals), 42);
        ushort seq = 65500;
        foreach (var p in packets)
        {
            _depacketizer.Push(seq++, p.Timestamp, p.Marker, p.Payload);
        }

        var frame = Assert.Single(_frames);
        Assert.Equal(AnnexB(nals), frame.AnnexB);
        Assert.True(frame.IsKeyframe);
        Assert.False(frame.IsDamaged);
    }
}
