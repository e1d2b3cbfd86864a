using Tandem.Media.H264;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.H264;

/// <summary>SPS vectors built field by field from ITU-T H.264 §7.3.2.1.1, for syntax x264 never emits.</summary>
public class H264SpsSyntheticTests
{
    [Fact]
    public void TryParse_HighProfileWithScalingLists_SkipsThemAndReadsSize()
    {
        var w = HighHeader(chromaFormat: 1);
        w.Flag(true); // seq_scaling_matrix_present_flag
        for (int list = 0; list < 8; list++)
        {
            bool present = list is 0 or 6;
            w.Flag(present);
            if (present)
            {
                // A list whose deltas run to a next_scale of 0 part-way (early stop, §7.3.2.1.1.1).
                int size = list < 6 ? 16 : 64;
                int last = 8;
                for (int j = 0; j < size; j++)
                {
                    int next = j == size / 2 ? 0 : 8 + (j % 5);
                    w.Se(WrapDelta(next - last));
                    if (next == 0)
                    {
                        break;
                    }

                    last = next;
                }
            }
        }

        Tail(w, widthMbs: 120, heightMapUnits: 68, frameMbsOnly: true, crop: (0, 0, 0, 4));

        Assert.True(H264Sps.TryParse(w.ToSpsNal(), out var sps));
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.Equal("64001f", sps.ProfileLevelId);
    }

    [Fact]
    public void TryParse_PicOrderCountType1_ReadsCycle()
    {
        var w = new BitWriter().U(8, 77).U(8, 0x40).U(8, 30).Ue(0);
        w.Ue(0).Ue(1).Flag(false).Se(-2).Se(3).Ue(3).Se(1).Se(-1).Se(2);
        Tail(w, widthMbs: 40, heightMapUnits: 30, frameMbsOnly: true, crop: null, pocAlreadyWritten: true);

        Assert.True(H264Sps.TryParse(w.ToSpsNal(), out var sps));
        Assert.Equal(1, sps.PicOrderCountType);
        Assert.Equal((640, 480), (sps.Width, sps.Height));
        Assert.Null(sps.FrameRate);
    }

    [Fact]
    public void TryParse_Monochrome422And444_UseTheirCropUnits()
    {
        // §7.4.2.1.1 Table 6-1: crop unit (x, y) is (1, 1) for 4:0:0, (2, 1) for 4:2:2, (1, 1) for 4:4:4 frames.
        foreach (var (chroma, expectedWidth, expectedHeight) in new[] { (0, 636, 476), (2, 632, 476), (3, 636, 476) })
        {
            var w = HighHeader(chroma);
            w.Flag(false);
            Tail(w, widthMbs: 40, heightMapUnits: 30, frameMbsOnly: true, crop: (2, 2, 2, 2));

            Assert.True(H264Sps.TryParse(w.ToSpsNal(), out var sps), $"chroma {chroma}");
            Assert.Equal((expectedWidth, expectedHeight), (sps.Width, sps.Height));
            Assert.Equal(chroma, sps.ChromaFormatIdc);
        }
    }

    [Fact]
    public void TryParse_CroppingLargerThanPicture_ReturnsFalse()
    {
        var w = new BitWriter().U(8, 66).U(8, 0xC0).U(8, 30).Ue(0);
        Tail(w, widthMbs: 2, heightMapUnits: 2, frameMbsOnly: true, crop: (20, 0, 0, 0));

        Assert.False(H264Sps.TryParse(w.ToSpsNal(), out _));
    }

    [Fact]
    public void TryParse_VuiTiming_GivesFrameRate()
    {
        var w = new BitWriter().U(8, 66).U(8, 0xE0).U(8, 31).Ue(0);
        Tail(w, widthMbs: 80, heightMapUnits: 45, frameMbsOnly: true, crop: null, vui: w2 =>
        {
            w2.Flag(true).U(8, 255).U(16, 1).U(16, 1); // aspect_ratio_info: Extended_SAR 1:1
            w2.Flag(false); // overscan_info_present_flag
            w2.Flag(true).U(3, 5).Flag(false).Flag(true).U(8, 1).U(8, 1).U(8, 1); // video_signal_type
            w2.Flag(false); // chroma_loc_info_present_flag
            w2.Flag(true).U(32, 1001).U(32, 60_000).Flag(false); // timing_info: 29.97 fps
        });

        Assert.True(H264Sps.TryParse(w.ToSpsNal(), out var sps));
        Assert.Equal("42e01f", sps.ProfileLevelId);
        Assert.Equal(60_000 / 2002.0, sps.FrameRate!.Value, 6);
    }

    private static BitWriter HighHeader(int chromaFormat)
    {
        var w = new BitWriter().U(8, 100).U(8, 0).U(8, 31).Ue(0);
        w.Ue((uint)chromaFormat);
        if (chromaFormat == 3)
        {
            w.Flag(false);
        }

        return w.Ue(0).Ue(0).Flag(false);
    }

    private static void Tail(BitWriter w, uint widthMbs, uint heightMapUnits, bool frameMbsOnly, (uint L, uint R, uint T, uint B)? crop,
        bool pocAlreadyWritten = false, Action<BitWriter>? vui = null)
    {
        if (!pocAlreadyWritten)
        {
            w.Ue(0).Ue(0).Ue(2); // log2_max_frame_num_minus4, pic_order_cnt_type 0, log2_max_poc_lsb_minus4
        }

        w.Ue(1).Flag(false).Ue(widthMbs - 1).Ue(heightMapUnits - 1).Flag(frameMbsOnly);
        if (!frameMbsOnly)
        {
            w.Flag(false);
        }

        w.Flag(true).Flag(crop is not null);
        if (crop is { } c)
        {
            w.Ue(c.L).Ue(c.R).Ue(c.T).Ue(c.B);
        }

        w.Flag(vui is not null);
        vui?.Invoke(w);
    }

    private static int WrapDelta(int delta) => delta > 127 ? delta - 256 : delta < -128 ? delta + 256 : delta;
}
