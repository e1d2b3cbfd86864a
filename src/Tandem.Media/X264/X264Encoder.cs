using System.Runtime.InteropServices;
using Tandem.Common.H264;
using Tandem.Media.H264;

namespace Tandem.Media.X264;

/// <summary>
/// An H.264 encoder over libx264 in this process, set up to behave like the hardware encoder of the
/// glasses: raw I420 pictures in, one Annex-B access unit out per picture at once (zero-latency tune:
/// no B-frames, no look-ahead, sliced threads only), constrained baseline profile, SPS and PPS before
/// every IDR, rate capped by VBV. An IDR on request and a new target bitrate take effect at the next
/// picture, with nothing restarted.
/// </summary>
/// <remarks>
/// Threading: <see cref="Encode"/> and <see cref="Dispose"/> from one thread at a time (x264's encoder is
/// not thread-safe); <see cref="RequestKeyframe"/> and <see cref="SetTargetBitrate"/> from any thread —
/// they only leave a request that the next <see cref="Encode"/> applies. Encoding allocates nothing per
/// picture: x264's output is copied into one buffer owned by the encoder (grown, rarely, when a picture
/// is larger than any before).
/// </remarks>
public sealed unsafe partial class X264Encoder : IDisposable
{
    private readonly X264Parameters _parameters;
    private IntPtr _encoder;
    private X264Picture* _pictureIn;
    private X264Picture* _pictureOut;
    private readonly X264Parameters? _reconfig;
    private byte[] _output;
    private long _frames;
    private int _keyframeRequested;
    private int _pendingBitrate;
    private int _targetBitrate;

    // Encoding thread only: the rate x264 runs at, and a cut whose buffer is being drained (0: none).
    private int _configuredBitrate;
    private int _drainedBitrate;

    /// <summary>Opens an encoder.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or x264 refused the settings.</exception>
    /// <exception cref="Native.NativeLibraryNotFoundException">libx264 (build 164) is not installed or shipped with the app.</exception>
    /// <exception cref="InvalidOperationException">The loaded libx264 is laid out unlike build 164, or would delay pictures.</exception>
    public X264Encoder(X264EncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _targetBitrate = options.Bitrate;
        _configuredBitrate = options.Bitrate;
        _parameters = new X264Parameters(options.Preset, "zerolatency");
        try
        {
            X264Settings.Apply(_parameters, options);
            _encoder = X264Native.EncoderOpen(_parameters.Pointer);
            if (_encoder == IntPtr.Zero)
            {
                throw new ArgumentException($"x264 refused the settings {options} (its reason is on stderr).", nameof(options));
            }

            // One picture in, one access unit out: the promise a hardware encoder keeps and the SDK relies on.
            int delayed = X264Native.EncoderMaximumDelayedFrames(_encoder);
            if (delayed != 0)
            {
                throw new InvalidOperationException($"x264 would hold back up to {delayed} pictures with these settings; it must hold none.");
            }

            Sps = ReadSps();
            _pictureIn = NewPicture();
            _pictureOut = NewPicture();
            _reconfig = X264Parameters.ForSnapshot();
            _output = new byte[Math.Max(4096, options.Width * options.Height / 2)];
        }
        catch
        {
            Release();
            GC.SuppressFinalize(this);
            throw;
        }
    }

    /// <summary>Finalizer: frees the native encoder of an instance that was never disposed.</summary>
    ~X264Encoder() => Release();

    /// <summary>The settings the encoder was opened with (<see cref="X264EncoderOptions.Bitrate"/> is the initial target).</summary>
    public X264EncoderOptions Options { get; }

    /// <summary>The sequence parameter set the encoder writes before every IDR (ITU-T H.264 §7.3.2.1.1).</summary>
    internal H264Sps Sps { get; }

    /// <summary>The SDP <c>profile-level-id</c> of <see cref="Sps"/> (RFC 6184 §8.1), e.g. <c>42c01f</c>: what to signal.</summary>
    public string ProfileLevelId => Sps.ProfileLevelId;

    /// <summary>The latest target bitrate in bits per second (a change applies from the next picture on).</summary>
    public int TargetBitrate => Volatile.Read(ref _targetBitrate);

    /// <summary>Pictures encoded so far.</summary>
    public long FramesEncoded => Volatile.Read(ref _frames);

    /// <summary>Makes the next encoded picture an IDR (with SPS and PPS). Thread-safe; requests before one picture merge.</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    /// <summary>
    /// Sets the target (and VBV maximum) bitrate, applied through <c>x264_encoder_reconfig</c> at the next picture; a cut of
    /// 10 % or more also empties the VBV buffer saved up at the old rate (one picture under a one-frame buffer), so the
    /// output drops at once. Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bitsPerSecond"/> is outside 10 kbit/s … 100 Mbit/s.</exception>
    public void SetTargetBitrate(int bitsPerSecond)
    {
        ValidateBitrate(bitsPerSecond, nameof(bitsPerSecond));
        Volatile.Write(ref _targetBitrate, bitsPerSecond);
        Volatile.Write(ref _pendingBitrate, bitsPerSecond);
    }

    /// <summary>Closes the encoder and frees its native memory. Not concurrently with <see cref="Encode"/>.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    internal static void ValidateBitrate(int bitsPerSecond, string name)
    {
        if (bitsPerSecond is < 10_000 or > 100_000_000)
        {
            throw new ArgumentOutOfRangeException(name, bitsPerSecond, "The bitrate must be between 10 kbit/s and 100 Mbit/s (in bits per second).");
        }
    }

    private static X264Picture* NewPicture()
    {
        var picture = (X264Picture*)NativeMemory.AlignedAlloc((nuint)sizeof(X264Picture), 16);
        X264Native.PictureInit(picture);
        picture->Image.Csp = X264Native.CspI420;
        picture->Image.Planes = 3;
        return picture;
    }

    private H264Sps ReadSps()
    {
        X264Nal* nals;
        int count;
        int bytes = X264Native.EncoderHeaders(_encoder, &nals, &count);
        if (bytes > 0 && count > 0)
        {
            // x264.h: the payloads of the NAL units of one call are sequential in memory.
            var headers = new ReadOnlySpan<byte>((void*)nals[0].PayloadPointer, bytes);
            foreach (var nal in AnnexB.EnumerateNalUnits(headers))
            {
                if (H264NalHeader.TypeOf(nal[0]) == H264NalUnitType.Sps && H264Sps.TryParse(nal, out var sps))
                {
                    return sps;
                }
            }
        }

        throw new InvalidOperationException("x264_encoder_headers returned no readable SPS.");
    }

    private void Release()
    {
        if (_encoder != IntPtr.Zero)
        {
            X264Native.EncoderClose(_encoder);
            _encoder = IntPtr.Zero;
        }

        FreeAligned(ref _pictureIn);
        FreeAligned(ref _pictureOut);
        _reconfig?.Dispose();
        _parameters?.Dispose();
    }

    private static void FreeAligned(ref X264Picture* picture)
    {
        if (picture != null)
        {
            NativeMemory.AlignedFree(picture);
            picture = null;
        }
    }
}
