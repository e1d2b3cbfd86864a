using System.Buffers.Binary;

namespace Tandem.Fuzz.Targets;

/// <summary>
/// Splits one fuzz input into several datagrams for the stateful targets: each is a 16-bit big-endian
/// length and that many bytes; a last record shorter than its length takes what is left.
/// </summary>
public ref struct FramedInput(ReadOnlySpan<byte> input)
{
    private ReadOnlySpan<byte> _rest = input;

    /// <summary>The current datagram.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Makes <c>foreach</c> work.</summary>
    public readonly FramedInput GetEnumerator() => this;

    /// <summary>Moves to the next datagram; false when fewer than 2 bytes are left.</summary>
    public bool MoveNext()
    {
        if (_rest.Length < 2)
        {
            return false;
        }

        int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(_rest), _rest.Length - 2);
        Current = _rest.Slice(2, length);
        _rest = _rest[(2 + length)..];
        return true;
    }

    /// <summary>Frames <paramref name="datagrams"/> the way <see cref="FramedInput"/> reads them (for seeds and tests).</summary>
    public static byte[] Frame(params ReadOnlySpan<byte[]> datagrams)
    {
        var output = new List<byte>();
        foreach (byte[] datagram in datagrams)
        {
            output.Add((byte)(datagram.Length >> 8));
            output.Add((byte)datagram.Length);
            output.AddRange(datagram);
        }

        return [.. output];
    }
}
