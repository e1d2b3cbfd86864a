namespace Tandem.Signaling.Protocol;

/// <summary>Which side of a pair a device id names (PROTOCOL.md R5).</summary>
public enum DeviceKind
{
    /// <summary><c>glasses_&lt;uid&gt;</c>: the device.</summary>
    Glasses,

    /// <summary><c>app_&lt;uid&gt;</c>: the phone app.</summary>
    App,
}

/// <summary>
/// A parsed <c>device_id</c>: <c>glasses_&lt;uid&gt;</c> or <c>app_&lt;uid&gt;</c>, uid 1–64 characters of
/// <c>[A-Za-z0-9_.:-]</c> (R5). <see cref="CanonicalUid"/> folds MAC-address notations (R6);
/// <see cref="Value"/> keeps the spelling the client used.
/// </summary>
public readonly record struct DeviceId(DeviceKind Kind, string Value, string CanonicalUid)
{
    private const int MaxUidLength = 64;

    /// <summary>The room this id belongs to: <c>room_&lt;canonical uid&gt;</c> (R7).</summary>
    public string RoomId => "room_" + CanonicalUid;

    /// <summary>True when <paramref name="other"/> names the same side of the same pair.</summary>
    public bool IsSameIdentity(DeviceId other) => Kind == other.Kind && CanonicalUid == other.CanonicalUid;

    /// <summary>True when <paramref name="other"/> is this id's counterpart (R14).</summary>
    public bool IsCounterpartOf(DeviceId other) => Kind != other.Kind && CanonicalUid == other.CanonicalUid;

    /// <summary>Parses a device id; false when it does not match R5.</summary>
    public static bool TryParse(string value, out DeviceId id)
    {
        id = default;
        DeviceKind kind;
        string uid;
        if (value.StartsWith("glasses_", StringComparison.Ordinal))
        {
            kind = DeviceKind.Glasses;
            uid = value["glasses_".Length..];
        }
        else if (value.StartsWith("app_", StringComparison.Ordinal))
        {
            kind = DeviceKind.App;
            uid = value["app_".Length..];
        }
        else
        {
            return false;
        }

        if (uid.Length is 0 or > MaxUidLength || !IsUidText(uid))
        {
            return false;
        }

        id = new DeviceId(kind, value, CanonicalizeUid(uid));
        return true;
    }

    private static bool IsUidText(string uid)
    {
        foreach (var c in uid)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// R6: a MAC address (12 hex digits, plain or as six pairs split by one separator, ':' or '-',
    /// throughout) becomes lowercase hex without separators; any other uid is kept exactly.
    /// </summary>
    internal static string CanonicalizeUid(string uid)
    {
        if (uid.Length == 12 && IsHex(uid))
        {
            return uid.ToLowerInvariant();
        }

        if (uid.Length != 17 || uid[2] is not (':' or '-'))
        {
            return uid;
        }

        var separator = uid[2];
        Span<char> hex = stackalloc char[12];
        for (var pair = 0; pair < 6; pair++)
        {
            var at = pair * 3;
            if ((pair < 5 && uid[at + 2] != separator) || !char.IsAsciiHexDigit(uid[at]) || !char.IsAsciiHexDigit(uid[at + 1]))
            {
                return uid;
            }

            hex[pair * 2] = char.ToLowerInvariant(uid[at]);
            hex[(pair * 2) + 1] = char.ToLowerInvariant(uid[at + 1]);
        }

        return new string(hex);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
