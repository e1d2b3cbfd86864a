using System.Runtime.InteropServices;

namespace Tandem.Media.X264;

/// <summary>
/// The leading fields of <c>x264_nal_t</c> (x264.h, build 164; 40 bytes on LP64, offsets checked with
/// <c>offsetof</c> against the installed header: i_payload 20, p_payload 24). Only the first NAL of an
/// output is read: x264.h guarantees that the payloads of all NALs returned by one call are sequential in memory.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct X264Nal
{
    public int RefIdc;
    public int Type;
    public int LongStartCode;
    public int FirstMb;
    public int LastMb;
    public int Payload;
    public IntPtr PayloadPointer;
}

/// <summary>
/// <c>x264_image_t</c> (x264.h, build 164; 56 bytes on LP64: i_csp 0, i_plane 4, i_stride 8, plane 24).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct X264Image
{
    public int Csp;
    public int Planes;
    public fixed int Stride[4];
    public IntPtr Plane0;
    public IntPtr Plane1;
    public IntPtr Plane2;
    public IntPtr Plane3;
}

/// <summary>
/// <c>x264_picture_t</c> (x264.h, build 164): the fields up to <c>img</c> are mirrored (offsets checked with
/// <c>offsetof</c>: i_type 0, b_keyframe 12, i_pts 16, param 32, img 40); the rest (<c>prop</c>,
/// <c>hrd_timing</c>, <c>extra_sei</c>, <c>opaque</c>; 240 bytes in all) is kept as opaque bytes that
/// <c>x264_picture_init</c> zeroes and we never touch.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct X264Picture
{
    /// <summary>sizeof(x264_picture_t) on LP64 for build 164.</summary>
    public const int NativeSize = 240;

    public int Type;
    public int QpPlus1;
    public int PicStruct;
    public int Keyframe;
    public long Pts;
    public long Dts;
    public IntPtr Param;
    public X264Image Image;
    private fixed byte _rest[NativeSize - 96];
}
