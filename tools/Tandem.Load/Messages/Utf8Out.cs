using System.Buffers;
using System.Buffers.Text;

namespace Tandem.Load.Messages;

/// <summary>Appends raw UTF-8 pieces of a JSON message to a buffer writer.</summary>
internal static class Utf8Out
{
    public static void Raw(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    public static void Number(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    /// <summary>Microseconds since 1970-01-01 UTC: the <c>time</c> field (R12).</summary>
    public static long UnixMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
