using Tandem.Media.Clock;
using Tandem.Media.RawVideo;

namespace Tandem.Media.X264;

public sealed unsafe partial class X264Encoder
{
    /// <summary>
    /// Encodes one picture into one access unit, applying a pending keyframe request and bitrate change first.
    /// </summary>
    /// <param name="picture">The raw picture, of the size the encoder was opened with.</param>
    /// <param name="captureTime">When it was captured, on the shared clock; handed back with the access unit.</param>
    /// <returns>The access unit; its bytes are valid until the next call or <see cref="Dispose"/>.</returns>
    /// <exception cref="ArgumentException">The picture's size differs from <see cref="X264EncoderOptions.Width"/> × <see cref="X264EncoderOptions.Height"/>.</exception>
    /// <exception cref="ObjectDisposedException">The encoder was disposed.</exception>
    /// <exception cref="InvalidOperationException">x264 failed to encode or held the picture back.</exception>
    public H264EncodedFrame Encode(in I420Frame picture, MediaInstant captureTime)
    {
        ObjectDisposedException.ThrowIf(_encoder == IntPtr.Zero, this);
        if (picture.Width != Options.Width || picture.Height != Options.Height)
        {
            throw new ArgumentException($"The picture is {picture.Width}×{picture.Height}; this encoder was opened for {Options.Width}×{Options.Height}.", nameof(picture));
        }

        int bitrate = Interlocked.Exchange(ref _pendingBitrate, 0);
        if (bitrate != 0)
        {
            // A cut: one picture with a buffer of a single frame interval empties what the old rate had saved up,
            // then the usual buffer at the new rate (see DrainBuffer).
            _drainedBitrate = bitrate < DrainBelow * _configuredBitrate ? bitrate : 0;
            Reconfigure(bitrate, _drainedBitrate != 0 ? DrainBuffer : Options.RateBuffer);
        }
        else if (_drainedBitrate != 0)
        {
            Reconfigure(_drainedBitrate, Options.RateBuffer);
            _drainedBitrate = 0;
        }

        bool keyframe = Interlocked.Exchange(ref _keyframeRequested, 0) != 0;
        long number = _frames;
        _pictureIn->Type = keyframe ? X264Native.TypeIdr : X264Native.TypeAuto;
        _pictureIn->Pts = number;
        X264Nal* nals;
        int count;
        int bytes;
        fixed (byte* y = picture.Y)
        fixed (byte* u = picture.U)
        fixed (byte* v = picture.V)
        {
            // x264 copies the planes into its own frame inside this call, so pinning for the call suffices.
            _pictureIn->Image.Plane0 = (IntPtr)y;
            _pictureIn->Image.Plane1 = (IntPtr)u;
            _pictureIn->Image.Plane2 = (IntPtr)v;
            _pictureIn->Image.Stride[0] = picture.StrideY;
            _pictureIn->Image.Stride[1] = picture.StrideU;
            _pictureIn->Image.Stride[2] = picture.StrideV;
            bytes = X264Native.EncoderEncode(_encoder, &nals, &count, _pictureIn, _pictureOut);
            _pictureIn->Image.Plane0 = _pictureIn->Image.Plane1 = _pictureIn->Image.Plane2 = IntPtr.Zero;
        }

        if (bytes < 0)
        {
            throw new InvalidOperationException($"x264_encoder_encode failed ({bytes}) on picture {number}.");
        }

        // The output must be this very picture: it was opened with no delay, and pts comes back unchanged.
        if (bytes == 0 || count == 0 || _pictureOut->Pts != number)
        {
            throw new InvalidOperationException($"x264 returned no access unit for picture {number} (pts {_pictureOut->Pts}, {bytes} bytes).");
        }

        if (bytes > _output.Length)
        {
            _output = new byte[Math.Max(bytes, _output.Length * 2)];
        }

        // x264.h: the payloads of the NAL units of one call are sequential in memory, and valid only until the next call.
        new ReadOnlySpan<byte>((void*)nals[0].PayloadPointer, bytes).CopyTo(_output);
        Volatile.Write(ref _frames, number + 1);
        return new H264EncodedFrame(_output.AsSpan(0, bytes), _pictureOut->Type == X264Native.TypeIdr, captureTime, number);
    }

    // After a cut, x264's VBV still holds the bits saved up at the old rate and spends them over the next pictures
    // (a step from 1.4 to 0.74 Mbit/s: 1.07 Mbit/s for a third of a second, 15 % over the new rate for the whole
    // second), so the link the cut was for stays overfull. One picture under a buffer of a single frame interval
    // clamps what is saved up to that. Only for a cut the network asked for (the estimator's decreases are 15 % and more),
    // not for the small moves of a rate that is rising or settling, whose saved-up bits the link can take.
    private const double DrainBelow = 0.9;

    private TimeSpan DrainBuffer => TimeSpan.FromSeconds(1 / Options.FrameRate);

    // x264_encoder_reconfig takes a whole x264_param_t: start from the encoder's current one (x264_encoder_parameters)
    // so only the rate changes; x264 applies it at the next picture it encodes.
    private void Reconfigure(int bitsPerSecond, TimeSpan buffer)
    {
        X264Native.EncoderParameters(_encoder, _reconfig!.Pointer);
        X264Settings.SetRate(_reconfig, bitsPerSecond, buffer);
        int result = X264Native.EncoderReconfig(_encoder, _reconfig.Pointer);
        if (result < 0)
        {
            throw new InvalidOperationException($"x264_encoder_reconfig refused a bitrate of {bitsPerSecond} bit/s ({result}).");
        }

        _configuredBitrate = bitsPerSecond;
    }
}
