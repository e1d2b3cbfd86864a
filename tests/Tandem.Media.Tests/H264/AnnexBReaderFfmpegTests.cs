using Tandem.Common.H264;
using Tandem.Media.H264;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.H264;

public class AnnexBReaderFfmpegTests(H264StreamFixture streams) : IClassFixture<H264StreamFixture>
{
    public static TheoryData<string> StreamNames => ["Baseline", "BaselineAud", "High", "Interlaced"];

    [Theory]
    [MemberData(nameof(StreamNames))]
    public async Task ReadAsync_X264Stream_AccessUnitCountMatchesFfprobe(string name)
    {
        var stream = Get(name);

        var units = await ReadAll(new MemoryStream(stream.Bytes));

        Assert.Equal(stream.FrameCount, units.Count);
        Assert.Equal(stream.Bytes, units.SelectMany(u => u).ToArray());
    }

    [Theory]
    [MemberData(nameof(StreamNames))]
    public async Task ReadAsync_TinyPartialReads_SameAccessUnits(string name)
    {
        var stream = Get(name);
        var whole = await ReadAll(new MemoryStream(stream.Bytes));

        var trickled = await ReadAll(new TrickleStream(stream.Bytes, maxRead: 700, seed: 3));

        Assert.Equal(whole, trickled);
    }

    [Fact]
    public async Task ReadAsync_AudStream_EveryUnitStartsWithDelimiter()
    {
        using var reader = new AnnexBReader(new MemoryStream(streams.BaselineAud.Bytes));
        int units = 0;

        while (await reader.ReadAsync() is { } unit)
        {
            using (unit)
            {
                var nals = unit.NalUnits;
                Assert.True(nals.MoveNext());
                Assert.Equal(H264NalUnitType.AccessUnitDelimiter, new H264NalHeader(nals.Current[0]).Type);
                units++;
            }
        }

        Assert.Equal(streams.BaselineAud.FrameCount, units);
    }

    [Fact]
    public async Task ReadAsync_HighStreamWithGop20_KeyframesEvery20Units()
    {
        using var reader = new AnnexBReader(new MemoryStream(streams.High.Bytes));
        var keyframes = new List<int>();
        int index = 0;

        while (await reader.ReadAsync() is { } unit)
        {
            using (unit)
            {
                if (unit.IsKeyframe)
                {
                    keyframes.Add(index);
                    Assert.True(unit.HasSps && unit.HasPps);
                    Assert.True(AnnexB.ContainsIdr(unit.Span));
                }
                else
                {
                    Assert.False(AnnexB.ContainsIdr(unit.Span));
                }

                index++;
            }
        }

        Assert.Equal([0, 20, 40], keyframes);
    }

    [Theory]
    [MemberData(nameof(StreamNames))]
    public async Task TryGetSps_X264Stream_MatchesFfprobe(string name)
    {
        var stream = Get(name);
        using var reader = new AnnexBReader(new MemoryStream(stream.Bytes));
        using var first = await reader.ReadAsync();

        Assert.NotNull(first);
        Assert.True(first.IsKeyframe);
        Assert.True(first.TryGetSps(out var sps));
        Assert.Equal(stream.Width, sps.Width);
        Assert.Equal(stream.Height, sps.Height);
        Assert.Equal(stream.Level, sps.LevelIdc);
        int expectedProfile = stream.Profile switch
        {
            "Constrained Baseline" or "Baseline" => 66,
            "Main" => 77,
            "High" => 100,
            _ => -1,
        };
        Assert.Equal(expectedProfile, sps.ProfileIdc);
        Assert.Equal($"{sps.ProfileIdc:x2}{sps.ConstraintFlags:x2}{stream.Level:x2}", sps.ProfileLevelId);
        Assert.Equal(stream.Profile == "Constrained Baseline", (sps.ConstraintFlags & 0x40) != 0);
    }

    [Fact]
    public async Task TryGetSps_Baseline720p_GivesProfileLevelId42c01f()
    {
        using var reader = new AnnexBReader(new MemoryStream(streams.Baseline.Bytes));
        using var first = await reader.ReadAsync();

        Assert.True(first!.TryGetSps(out var sps));
        Assert.Equal("42c01f", sps.ProfileLevelId);
        Assert.Equal(0x42c01f, sps.ProfileLevelIdValue);
        Assert.True(sps.FrameMbsOnly);
    }

    [Fact]
    public async Task TryGetSps_Interlaced_UsesFieldCropUnits()
    {
        using var reader = new AnnexBReader(new MemoryStream(streams.Interlaced.Bytes));
        using var first = await reader.ReadAsync();

        Assert.True(first!.TryGetSps(out var sps));
        Assert.False(sps.FrameMbsOnly);
        Assert.Equal(360, sps.Height);
    }

    [Fact]
    public async Task ReadAsync_UnitLargerThanBound_ThrowsInvalidData()
    {
        using var reader = new AnnexBReader(new MemoryStream(streams.Baseline.Bytes), maxAccessUnitSize: 1024);

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await reader.ReadAsync() is { } unit)
            {
                unit.Dispose();
            }
        });
    }

    internal static async Task<List<byte[]>> ReadAll(Stream input)
    {
        using var reader = new AnnexBReader(input);
        var units = new List<byte[]>();
        while (await reader.ReadAsync() is { } unit)
        {
            using (unit)
            {
                units.Add(unit.Span.ToArray());
            }
        }

        return units;
    }

    private ProbedStream Get(string name) => name switch
    {
        "Baseline" => streams.Baseline,
        "BaselineAud" => streams.BaselineAud,
        "High" => streams.High,
        _ => streams.Interlaced,
    };
}
