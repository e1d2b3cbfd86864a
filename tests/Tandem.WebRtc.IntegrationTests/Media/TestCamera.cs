using System.Diagnostics;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>One access unit the camera handed out.</summary>
/// <param name="Index">Frame number in the clip (the clip loops).</param>
/// <param name="AccessUnit">Annex-B bytes.</param>
/// <param name="Keyframe">Whether it is an IDR picture.</param>
/// <param name="Forced">Whether it is an IDR made for a keyframe request (rather than the clip's own).</param>
/// <param name="Damaged">Whether it is the undecodable picture of <see cref="TestCamera.DamageFrame"/>.</param>
public readonly record struct CameraFrame(int Index, byte[] AccessUnit, bool Keyframe, bool Forced, bool Damaged = false);

/// <summary>
/// The device's encoder as the tests see it: plays <see cref="MediaClips.Camera"/> and answers
/// <see cref="RequestKeyframe"/> the way a live encoder does, with an IDR as the very next picture.
/// </summary>
/// <remarks>
/// A pre-encoded clip cannot grow an IDR in the middle of a GOP, so the same pictures are also
/// encoded as IDRs only: after a request the camera sends those until the clip's own next IDR,
/// and every access unit it sends is decodable on its own terms. Thread-safe: requests may come
/// from any thread (the PeerConnection's receive thread); <see cref="Next"/> from one sender loop.
/// </remarks>
public sealed class TestCamera(EncodedClip clip, EncodedClip? intra = null)
{
    // Start code, NAL header (nal_ref_idc 2, type 1: non-IDR slice), then the slice header's
    // ue(v) fields first_mb_in_slice = 0 ("1"), slice_type = 0 (P, "1"), pic_parameter_set_id = 200
    // ("0000000 11001001"), and filler bits.
    private static readonly byte[] UnknownPpsSlice = [0, 0, 0, 1, 0x41, 0b1100_0000, 0b0110_0100, 0b1100_0000, 0xAA, 0xAA, 0xAA, 0xAA];

    private readonly Lock _lock = new();
    private readonly List<long> _requests = [];
    private int _damaged = -1;
    private bool _requested;
    private bool _intraRun;
    private int _index;

    /// <summary>When each keyframe request reached the camera (<see cref="Stopwatch"/> timestamps).</summary>
    public IReadOnlyList<long> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Asks for an IDR as the next picture (ignored when there is no IDR-only clip).</summary>
    public void RequestKeyframe()
    {
        lock (_lock)
        {
            _requests.Add(Stopwatch.GetTimestamp());
            _requested = intra is not null;
        }
    }

    /// <summary>
    /// Replaces picture <paramref name="index"/> (once) by a P slice naming a picture parameter set
    /// that was never sent: a decoder must reject it (ITU-T H.264 §7.4.3: pic_parameter_set_id
    /// refers to an existing PPS), which makes the receiver ask for a keyframe.
    /// </summary>
    public void DamageFrame(int index)
    {
        lock (_lock)
        {
            _damaged = index;
        }
    }

    /// <summary>The next access unit; the clip starts over after its last one.</summary>
    public CameraFrame Next()
    {
        lock (_lock)
        {
            var index = _index;
            _index = (_index + 1) % clip.Count;
            if (index == _damaged)
            {
                _damaged = -1;
                return new CameraFrame(index, UnknownPpsSlice, Keyframe: false, Forced: false, Damaged: true);
            }

            if (clip.Keyframes[index])
            {
                // The clip's own IDR: back on the clip, and any pending request is answered by it.
                _intraRun = _requested = false;
                return new CameraFrame(index, clip.AccessUnits[index], Keyframe: true, Forced: false);
            }

            var forced = _requested;
            _requested = false;
            _intraRun |= forced;
            return _intraRun && intra is not null
                ? new CameraFrame(index, intra.AccessUnits[index % intra.Count], Keyframe: true, Forced: forced)
                : new CameraFrame(index, clip.AccessUnits[index], Keyframe: false, Forced: false);
        }
    }
}
