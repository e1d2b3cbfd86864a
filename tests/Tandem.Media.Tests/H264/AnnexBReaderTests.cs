using Tandem.Media.H264;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.H264;

public class AnnexBReaderTests
{
    // NAL units (header byte + payload) used to build synthetic streams. Slice payloads start with
    // 0x80 (first_mb_in_slice = 0) or 0x40 (first_mb_in_slice = 1, a second slice of the same picture).
    private static readonly byte[] Aud = [0x09, 0xF0];
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1F, 0xAA];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Sei = [0x06, 0x05, 0x01, 0xFF, 0x80];
    private static readonly byte[] IdrFirst = [0x65, 0x88, 0x84, 0x21];
    private static readonly byte[] IdrSecond = [0x65, 0x40, 0x11, 0x22];
    private static readonly byte[] PFirst = [0x41, 0x9A, 0x02, 0x03];
    private static readonly byte[] PSecond = [0x41, 0x42, 0x05, 0x06];

    [Fact]
    public async Task ReadAsync_MultiSlicePictures_SplitsOnFirstMbZero()
    {
        byte[][] expected =
        [
            Join(Long(Sps), Long(Pps), Short(IdrFirst), Short(IdrSecond)),
            Join(Long(PFirst), Short(PSecond)),
            Join(Long(PFirst)),
        ];

        var units = await AnnexBReaderFfmpegTests.ReadAll(new MemoryStream(Join(expected)));

        Assert.Equal(expected, units);
    }

    [Fact]
    public async Task ReadAsync_SeiAndAudBetweenPictures_StartNewUnits()
    {
        byte[][] expected =
        [
            Join(Long(Aud), Long(Sps), Long(Pps), Long(Sei), Long(IdrFirst)),
            Join(Long(Aud), Long(PFirst)),
            Join(Long(Sei), Long(PFirst), Short(PSecond)),
        ];

        var units = await AnnexBReaderFfmpegTests.ReadAll(new TrickleStream(Join(expected), maxRead: 3, seed: 1));

        Assert.Equal(expected, units);
    }

    [Fact]
    public async Task ReadAsync_TrailingZerosAndLeadingGarbage_KeptSoBytesRoundTrip()
    {
        byte[] stream = Join([0xFF, 0x00], Long(Sps), Long(Pps), Long(IdrFirst), [0, 0, 0], Long(PFirst), [0, 0]);

        var units = await AnnexBReaderFfmpegTests.ReadAll(new MemoryStream(stream));

        Assert.Equal(2, units.Count);
        Assert.Equal(stream, units.SelectMany(u => u).ToArray());
        Assert.Equal(Join([0, 0, 0], Long(PFirst), [0, 0]), units[1]);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_ReturnsNull()
    {
        using var reader = new AnnexBReader(new MemoryStream());

        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadAsync_NoStartCode_ReturnsBytesAsOneUnit()
    {
        byte[] garbage = [1, 2, 3, 4, 5, 6, 7];

        var units = await AnnexBReaderFfmpegTests.ReadAll(new MemoryStream(garbage));

        Assert.Equal([garbage], units);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsInsideStartCode_KeepsAllBytes()
    {
        byte[] stream = Join(Long(Sps), Long(IdrFirst), [0, 0, 1]);

        var units = await AnnexBReaderFfmpegTests.ReadAll(new MemoryStream(stream));

        Assert.Equal(stream, units.SelectMany(u => u).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReadAsync_RandomStreams_PartialReadsAgreeAndBytesRoundTrip(int seed)
    {
        var random = new Random(seed);
        var stream = new List<byte>();
        for (int i = 0; i < 400; i++)
        {
            stream.AddRange(random.Next(3) == 0 ? [0, 0, 0, 1] : [0, 0, 1]);
            var nal = new byte[random.Next(1, 300)];
            random.NextBytes(nal);
            stream.AddRange(nal);
        }

        byte[] bytes = [.. stream];

        var whole = await AnnexBReaderFfmpegTests.ReadAll(new MemoryStream(bytes));
        var trickled = await AnnexBReaderFfmpegTests.ReadAll(new TrickleStream(bytes, maxRead: 5, seed: seed));

        Assert.Equal(bytes, whole.SelectMany(u => u).ToArray());
        Assert.Equal(whole, trickled);
        Assert.True(whole.Count > 10);
    }

    [Fact]
    public void NalUnits_AccessUnit_YieldsPayloadsWithoutStartCodes()
    {
        using var unit = H264AccessUnit.CopyFrom(Join(Long(Sps), Short(Pps), [0, 0], Long(IdrFirst)));
        var nals = new List<byte[]>();

        foreach (var nal in unit.NalUnits)
        {
            nals.Add(nal.ToArray());
        }

        Assert.Equal([Sps, Pps, IdrFirst], nals);
        Assert.True(unit.IsKeyframe && unit.HasSps && unit.HasPps);
    }

    [Fact]
    public void Dispose_ThenData_Throws()
    {
        var unit = H264AccessUnit.CopyFrom(Long(PFirst));
        unit.Dispose();

        Assert.Throws<ObjectDisposedException>(() => unit.Data);
    }

    private static byte[] Long(byte[] nal) => [0, 0, 0, 1, .. nal];

    private static byte[] Short(byte[] nal) => [0, 0, 1, .. nal];

    private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
