using Tandem.Common.H264;

namespace Tandem.WebRtc.Payloads.H264;

internal sealed partial class H264Packetizer
{
    private enum NalSource : byte
    {
        AccessUnit,
        StoredSps,
        StoredPps,
    }

    /// <summary>Builds the list of NAL units to send for one access unit, in sending order.</summary>
    private void CollectNalUnits(ReadOnlySpan<byte> accessUnit)
    {
        _nalCount = 0;
        var hasIdr = false;
        var nals = AnnexB.EnumerateNalUnits(accessUnit);
        while (nals.MoveNext())
        {
            var nal = nals.Current;
            switch (H264NalHeader.TypeOf(nal[0]))
            {
                case H264NalUnitType.AccessUnitDelimiter or H264NalUnitType.FillerData:
                    // Dropped: they carry nothing the receiver's decoder needs.
                    continue;
                case H264NalUnitType.Unspecified or >= H264NalUnitType.StapA:
                    // RFC 6184 §5.2: unspecified types 0 and 24–31 would be read as packet types; never send them.
                    continue;
                case H264NalUnitType.Sps:
                    Remember(ref _sps, ref _spsLength, nal);
                    break;
                case H264NalUnitType.Pps:
                    Remember(ref _pps, ref _ppsLength, nal);
                    break;
                case H264NalUnitType.IdrSlice:
                    hasIdr = true;
                    break;
            }

            Add(new NalRef(NalSource.AccessUnit, nals.CurrentOffset, nal.Length));
        }

        if (hasIdr)
        {
            PutParameterSetsFirst(accessUnit);
        }
    }

    /// <summary>
    /// Replaces the unit's own SPS/PPS by the remembered ones at the front, so that they always
    /// travel together (one STAP-A) ahead of the IDR, even when the encoder sent them only once.
    /// </summary>
    private void PutParameterSetsFirst(ReadOnlySpan<byte> accessUnit)
    {
        var kept = 0;
        for (var i = 0; i < _nalCount; i++)
        {
            var type = H264NalHeader.TypeOf(Resolve(accessUnit, _nals[i])[0]);
            if (type is not (H264NalUnitType.Sps or H264NalUnitType.Pps))
            {
                _nals[kept++] = _nals[i];
            }
        }

        var prefix = (_spsLength > 0 ? 1 : 0) + (_ppsLength > 0 ? 1 : 0);
        EnsureCapacity(kept + prefix);
        Array.Copy(_nals, 0, _nals, prefix, kept);
        _nalCount = kept + prefix;
        var at = 0;
        if (_spsLength > 0)
        {
            _nals[at++] = new NalRef(NalSource.StoredSps, 0, _spsLength);
        }

        if (_ppsLength > 0)
        {
            _nals[at] = new NalRef(NalSource.StoredPps, 0, _ppsLength);
        }
    }

    private ReadOnlySpan<byte> Resolve(ReadOnlySpan<byte> accessUnit, NalRef nal) => nal.Source switch
    {
        NalSource.StoredSps => _sps.AsSpan(0, _spsLength),
        NalSource.StoredPps => _pps.AsSpan(0, _ppsLength),
        _ => accessUnit.Slice(nal.Offset, nal.Length),
    };

    private void Add(NalRef nal)
    {
        EnsureCapacity(_nalCount + 1);
        _nals[_nalCount++] = nal;
    }

    private void EnsureCapacity(int count)
    {
        if (count > _nals.Length)
        {
            Array.Resize(ref _nals, Math.Max(count, _nals.Length * 2));
        }
    }

    private static void Remember(ref byte[] store, ref int storeLength, ReadOnlySpan<byte> nal)
    {
        if (store.Length < nal.Length)
        {
            store = new byte[nal.Length];
        }

        nal.CopyTo(store);
        storeLength = nal.Length;
    }

    private readonly record struct NalRef(NalSource Source, int Offset, int Length);
}
