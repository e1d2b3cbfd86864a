using System.Text;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// The last <c>device_id</c> and <c>to</c> a connection sent, as UTF-8 and parsed. A client sends the
/// same two in every message, so a cached parse saves the strings a fresh one would make per message.
/// Used by one receive loop at a time; not thread-safe.
/// </summary>
public sealed class DeviceIdCache
{
    private byte[]? _senderUtf8;
    private DeviceId _sender;
    private byte[]? _targetUtf8;
    private DeviceId _target;

    /// <summary>Parses a <c>device_id</c> (R5), from the cache when it is the one parsed last.</summary>
    internal bool TryParseSender(ReadOnlySpan<byte> utf8, out DeviceId id) => TryParse(utf8, ref _senderUtf8, ref _sender, out id);

    /// <summary>Parses a device id in <c>to</c> (R14), from the cache when it is the one parsed last.</summary>
    internal bool TryParseTarget(ReadOnlySpan<byte> utf8, out DeviceId id) => TryParse(utf8, ref _targetUtf8, ref _target, out id);

    /// <summary>Parses without a cache.</summary>
    internal static bool TryParseUncached(ReadOnlySpan<byte> utf8, out DeviceId id) => DeviceId.TryParse(Encoding.UTF8.GetString(utf8), out id);

    private static bool TryParse(ReadOnlySpan<byte> utf8, ref byte[]? lastUtf8, ref DeviceId last, out DeviceId id)
    {
        if (lastUtf8 is not null && utf8.SequenceEqual(lastUtf8))
        {
            id = last;
            return true;
        }

        if (!TryParseUncached(utf8, out id))
        {
            return false;
        }

        lastUtf8 = utf8.ToArray();
        last = id;
        return true;
    }
}
