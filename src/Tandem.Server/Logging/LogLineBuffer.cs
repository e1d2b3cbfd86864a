using System.Buffers;
using System.Text;

namespace Tandem.Server.Logging;

/// <summary>A growable UTF-8 line under construction, its array rented from the shared pool and reused.</summary>
internal sealed class LogLineBuffer
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(512);

    public int Length { get; private set; }

    public int Capacity => _bytes.Length;

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public void Write(byte b)
    {
        GetSpan(1)[0] = b;
        Length++;
    }

    /// <summary>Appends UTF-16 text as UTF-8 (lone surrogates become U+FFFD, as the console writer does).</summary>
    public void Write(ReadOnlySpan<char> text)
    {
        Length += Encoding.UTF8.GetBytes(text, GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
    }

    /// <summary>Appends <paramref name="text"/> with every <c>"\n"</c> (and <c>"\r\n"</c>) replaced by <paramref name="newLine"/>.</summary>
    public void WriteReplacingNewLines(ReadOnlySpan<char> text, ReadOnlySpan<byte> newLine)
    {
        var nl = Environment.NewLine.AsSpan();
        while (true)
        {
            var at = text.IndexOf(nl);
            if (at < 0)
            {
                Write(text);
                return;
            }

            Write(text[..at]);
            Write(newLine);
            text = text[(at + nl.Length)..];
        }
    }

    /// <summary>Appends a value that formats itself to UTF-8 without a string.</summary>
    public void WriteFormattable<T>(T value, ReadOnlySpan<char> format, IFormatProvider? provider)
        where T : IUtf8SpanFormattable
    {
        var size = 64;
        while (true)
        {
            if (value.TryFormat(GetSpan(size), out var written, format, provider))
            {
                Length += written;
                return;
            }

            size *= 2;
        }
    }

    private Span<byte> GetSpan(int size)
    {
        if (_bytes.Length - Length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + size));
            _bytes.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = bigger;
        }

        return _bytes.AsSpan(Length);
    }
}
