namespace Tandem.Signaling.Protocol;

/// <summary>
/// R12: the value of a JSON number (RFC 8259 §6) when that value is an integer within the signed
/// 64-bit range, whatever its spelling: <c>1732442082000000</c>, <c>1732442082000000.0</c>,
/// <c>1.732442082e15</c> and <c>17324420820000000e-1</c> are one value; <c>1e-400</c> and
/// <c>1.00000000000000000000000000001</c> are fractions. Exact: no floating point, no rounding.
/// </summary>
internal static class JsonInteger
{
    // 10^18 is the largest power of ten below 2^63: a value whose first significant digit stands
    // for a higher power is out of range, whatever follows.
    private const int MaxPower = 18;

    // Exponents beyond this are clamped: the result (out of range, or a fraction) is then already decided.
    private const long ExponentClamp = 1_000_000_000;

    /// <summary>
    /// True, with the value, when <paramref name="number"/> (the text of one JSON number, as
    /// <see cref="System.Text.Json.Utf8JsonReader.ValueSpan"/> gives it) is an integer in
    /// <see cref="long"/>'s range; false for a fraction, a value out of range or text that is not a number.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> number, out long value)
    {
        value = 0;
        var at = 0;
        var negative = at < number.Length && number[at] == '-';
        if (negative)
        {
            at++;
        }

        var integer = Digits(number, ref at);
        var fraction = ReadOnlySpan<byte>.Empty;
        if (at < number.Length && number[at] == '.')
        {
            at++;
            fraction = Digits(number, ref at);
            if (fraction.IsEmpty)
            {
                return false;
            }
        }

        if (integer.IsEmpty || !TryExponent(number, ref at, out var exponent) || at != number.Length)
        {
            return false;
        }

        // The significant digits are integer·fraction; digit k (0-based) stands for 10^(integer.Length - 1 - k + exponent).
        var digits = integer.Length + fraction.Length;
        var first = 0;
        while (first < digits && Digit(integer, fraction, first) == 0)
        {
            first++;
        }

        if (first == digits)
        {
            return true;
        }

        var last = digits - 1;
        while (Digit(integer, fraction, last) == 0)
        {
            last--;
        }

        var lastPower = integer.Length - 1L - last + exponent;
        var firstPower = integer.Length - 1L - first + exponent;
        if (lastPower < 0 || firstPower > MaxPower)
        {
            return false;
        }

        // At most 19 significant digits and trailing zeros: below 10^19, within ulong.
        ulong magnitude = 0;
        for (var k = first; k <= last; k++)
        {
            magnitude = (magnitude * 10) + (ulong)Digit(integer, fraction, k);
        }

        for (var p = 0L; p < lastPower; p++)
        {
            magnitude *= 10;
        }

        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private static int Digit(ReadOnlySpan<byte> integer, ReadOnlySpan<byte> fraction, int k) =>
        (k < integer.Length ? integer[k] : fraction[k - integer.Length]) - '0';

    private static ReadOnlySpan<byte> Digits(ReadOnlySpan<byte> text, scoped ref int at)
    {
        var start = at;
        while (at < text.Length && char.IsAsciiDigit((char)text[at]))
        {
            at++;
        }

        return text[start..at];
    }

    /// <summary>RFC 8259 §6: <c>[eE] [+-]? digit+</c>, if present; 0 when absent.</summary>
    private static bool TryExponent(ReadOnlySpan<byte> text, scoped ref int at, out long exponent)
    {
        exponent = 0;
        if (at >= text.Length || text[at] is not ((byte)'e' or (byte)'E'))
        {
            return true;
        }

        at++;
        var negative = at < text.Length && text[at] == '-';
        if (at < text.Length && text[at] is (byte)'+' or (byte)'-')
        {
            at++;
        }

        var digits = Digits(text, ref at);
        foreach (var d in digits)
        {
            exponent = Math.Min((exponent * 10) + (d - '0'), ExponentClamp);
        }

        exponent = negative ? -exponent : exponent;
        return !digits.IsEmpty;
    }
}
