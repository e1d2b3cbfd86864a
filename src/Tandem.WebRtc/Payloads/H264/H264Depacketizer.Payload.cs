using System.Buffers;
using System.Buffers.Binary;
using Tandem.Common.H264;

namespace Tandem.WebRtc.Payloads.H264;

internal sealed partial class H264Depacketizer
{
    private void AppendPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        var type = H264NalHeader.TypeOf(payload[0]);
        if (type != H264NalUnitType.FuA && _fuStart >= 0)
        {
            // RFC 6184 §5.8: no other packet comes between the fragments of a NAL unit, so this one is broken.
            _damaged = true;
            AbortFragment();
        }

        switch (type)
        {
            case >= H264NalUnitType.Slice and < H264NalUnitType.StapA:
                // RFC 6184 §5.6: single NAL unit packet.
                AppendNal(payload);
                break;
            case H264NalUnitType.StapA:
                AppendStapA(payload[1..]);
                break;
            case H264NalUnitType.FuA:
                AppendFuA(payload);
                break;
            default:
                // RFC 6184 §5.2: types not allowed in packetization-mode=1 (STAP-B, MTAP, FU-B) or reserved: ignore.
                break;
        }
    }

    /// <summary>RFC 6184 §5.7.1: a STAP-A is a run of (16-bit size, NAL unit).</summary>
    private void AppendStapA(ReadOnlySpan<byte> units)
    {
        while (units.Length > 0)
        {
            if (units.Length < 2)
            {
                _damaged = true;
                return;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(units);
            if (size == 0 || 2 + size > units.Length)
            {
                _damaged = true;
                return;
            }

            AppendNal(units.Slice(2, size));
            units = units[(2 + size)..];
        }
    }

    /// <summary>RFC 6184 §5.8: FU-A fragments rebuild one NAL unit; its header comes from FU indicator F|NRI and FU header type.</summary>
    private void AppendFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            _damaged = true;
            return;
        }

        var fuHeader = payload[1];
        var isStart = (fuHeader & 0x80) != 0;
        var isEnd = (fuHeader & 0x40) != 0;
        var data = payload[2..];
        if (isStart)
        {
            if (_fuStart >= 0)
            {
                _damaged = true;
                AbortFragment();
            }

            if (!EnsureRoom(StartCode.Length + 1))
            {
                return;
            }

            _fuStart = _length;
            Write(StartCode);
            Write([(byte)((payload[0] & 0xE0) | (fuHeader & 0x1F))]);
        }
        else if (_fuStart < 0)
        {
            // A middle or end fragment whose start was lost.
            _damaged = true;
            return;
        }

        if (!EnsureRoom(data.Length))
        {
            AbortFragment();
            return;
        }

        Write(data);

        if (isEnd)
        {
            // The unit is of the type its start fragment gave it; a stray end fragment may say another.
            NoteType(H264NalHeader.TypeOf(_buffer[_fuStart + StartCode.Length]));
            _fuStart = -1;
        }
    }

    private void AppendNal(ReadOnlySpan<byte> nal)
    {
        if (EnsureRoom(StartCode.Length + nal.Length))
        {
            Write(StartCode);
            Write(nal);
            NoteType(H264NalHeader.TypeOf(nal[0]));
        }
    }

    private void NoteType(H264NalUnitType type)
    {
        switch (type)
        {
            case H264NalUnitType.IdrSlice: _hasIdr = true; break;
            case H264NalUnitType.Sps: _hasSps = true; break;
            case H264NalUnitType.Pps: _hasPps = true; break;
        }
    }

    /// <summary>Makes room for <paramref name="count"/> more bytes; beyond the size limit the unit is marked damaged instead.</summary>
    private bool EnsureRoom(int count)
    {
        var needed = _length + count;
        if (needed > _maxFrameSize)
        {
            _damaged = true;
            return false;
        }

        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_maxFrameSize, Math.Max(needed, _buffer.Length * 2)));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return true;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }
}
