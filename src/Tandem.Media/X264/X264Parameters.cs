using System.Globalization;
using System.Runtime.InteropServices;

namespace Tandem.Media.X264;

/// <summary>
/// An <c>x264_param_t</c> in native memory, set through x264's own functions (preset, string keys,
/// profile) rather than a C# mirror of the whole structure, whose layout changes between builds.
/// </summary>
/// <remarks>
/// The buffer is four times sizeof(x264_param_t) of build 164 (1024 bytes on LP64) and 64-byte aligned,
/// so a build with a larger structure still writes inside it. Only the picture size, which
/// <c>x264_param_parse</c> has no key for, is written directly, through <see cref="Head"/> — and only after
/// <see cref="VerifyLayout"/> has shown that the leading fields sit where build 164 puts them.
/// Not thread-safe: owned by one encoder.
/// </remarks>
internal sealed unsafe class X264Parameters : IDisposable
{
    private const int BufferSize = 4096;

    // False for a snapshot of an encoder's parameters: their strings belong to the encoder.
    private readonly bool _ownsStrings;
    private void* _param;

    /// <summary>Allocates a zeroed parameter block and fills it from <paramref name="preset"/> and <paramref name="tune"/>.</summary>
    /// <exception cref="ArgumentException">x264 does not know the preset or tune.</exception>
    public X264Parameters(string preset, string tune)
        : this(ownsStrings: true)
    {
        if (X264Native.ParamDefaultPreset(_param, preset, tune) < 0)
        {
            Dispose();
            throw new ArgumentException($"x264 knows no preset '{preset}' with tune '{tune}' (presets: ultrafast … placebo; tunes: zerolatency, film, …).");
        }
    }

    private X264Parameters(bool ownsStrings)
    {
        _ownsStrings = ownsStrings;
        _param = NativeMemory.AlignedAlloc(BufferSize, 64);
        NativeMemory.Clear(_param, BufferSize);
    }

    /// <summary>
    /// A block for <c>x264_encoder_parameters</c> to copy an open encoder's settings into, to be changed by
    /// key and handed to <c>x264_encoder_reconfig</c>; freeing it leaves the strings it points to alone.
    /// </summary>
    public static X264Parameters ForSnapshot() => new(ownsStrings: false);

    /// <summary>The parameter block, for x264 calls.</summary>
    public void* Pointer => _param != null ? _param : throw new ObjectDisposedException(nameof(X264Parameters));

    /// <summary>The leading fields of the block (valid once <see cref="VerifyLayout"/> passed).</summary>
    public ref X264ParamHead Head => ref *(X264ParamHead*)Pointer;

    /// <summary>Sets one option by its x264 name (<c>x264_param_parse</c>, the names of the x264 command line).</summary>
    /// <exception cref="ArgumentException">x264 does not know the option or cannot parse the value.</exception>
    public void Set(string name, string value)
    {
        int result = X264Native.ParamParse(Pointer, name, value);
        if (result != 0)
        {
            string why = result == X264Native.ParamBadName ? "no such option" : result == X264Native.ParamBadValue ? "bad value" : $"error {result}";
            throw new ArgumentException($"x264 refused option {name}={value}: {why}.");
        }
    }

    /// <summary>Sets an integer option.</summary>
    public void Set(string name, int value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Restricts the settings to <paramref name="profile"/> (<c>x264_param_apply_profile</c>).</summary>
    /// <exception cref="ArgumentException">The settings cannot be made to fit the profile.</exception>
    public void ApplyProfile(string profile)
    {
        if (X264Native.ParamApplyProfile(Pointer, profile) < 0)
        {
            throw new ArgumentException($"x264 cannot apply profile '{profile}' to these settings.");
        }
    }

    /// <summary>
    /// Checks that the leading fields sit where build 164 puts them, by setting <c>threads</c> through
    /// x264 and reading it back, and reading the default colour space; throws rather than write a
    /// field of another build's layout.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loaded libx264 lays <c>x264_param_t</c> out differently.</exception>
    public void VerifyLayout()
    {
        int threads = Head.Threads;
        Set("threads", 7);
        bool matches = Head.Threads == 7 && Head.Csp == X264Native.CspI420;
        Set("threads", threads);
        if (!matches)
        {
            throw new InvalidOperationException("The loaded libx264 does not lay out x264_param_t as X264_BUILD 164 does; install libx264-164 or ship that build with the app.");
        }
    }

    /// <summary>Frees what <c>x264_param_parse</c> allocated (unless a snapshot), then the block.</summary>
    public void Dispose()
    {
        if (_param != null)
        {
            if (_ownsStrings)
            {
                X264Native.ParamCleanup(_param);
            }

            NativeMemory.AlignedFree(_param);
            _param = null;
        }
    }
}

/// <summary>
/// The leading fields of <c>x264_param_t</c> (x264.h, build 164: cpu 0, i_threads 4, …, i_width 28,
/// i_height 32, i_csp 36; checked with <c>offsetof</c> against the installed header).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct X264ParamHead
{
    public uint Cpu;
    public int Threads;
    public int LookaheadThreads;
    public int SlicedThreads;
    public int Deterministic;
    public int CpuIndependent;
    public int SyncLookahead;
    public int Width;
    public int Height;
    public int Csp;
}
