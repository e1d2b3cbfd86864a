using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Load.Net;

/// <summary>RFC 6455 §4.1: the client's opening handshake (HTTP/1.1 Upgrade) and the check of the server's answer.</summary>
public static class WebSocketHandshake
{
    // RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key before hashing.
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    // A 101 answer is a few hundred bytes; more than this without the blank line is not one.
    private const int MaxResponseBytes = 16 * 1024;

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes, base64 (§4.1).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The Sec-WebSocket-Accept a server must answer to <paramref name="key"/>: base64(SHA-1(key + GUID)) (§4.2.2).</summary>
    public static string ExpectedAccept(string key)
    {
        // SHA-1 is what RFC 6455 prescribes here; it proves the server read the key, it protects nothing.
#pragma warning disable CA5350
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
    }

    /// <summary>The GET request that asks <paramref name="uri"/> for a WebSocket with <paramref name="key"/>.</summary>
    public static byte[] Request(Uri uri, string key)
    {
        var host = uri.IsDefaultPort ? uri.IdnHost : string.Create(CultureInfo.InvariantCulture, $"{uri.IdnHost}:{uri.Port}");
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    }

    /// <summary>
    /// Checks the server's answer in <paramref name="source"/>: <see cref="OperationStatus.NeedMoreData"/>
    /// until the blank line has arrived; <see cref="OperationStatus.Done"/> with the header length in
    /// <paramref name="consumed"/> (frames may follow in the same bytes) when it is a 101 with
    /// <c>Upgrade: websocket</c>, <c>Connection: Upgrade</c> and the expected accept value (§4.1, items 1-4);
    /// otherwise <see cref="OperationStatus.InvalidData"/> with the reason in <paramref name="error"/>.
    /// </summary>
    public static OperationStatus TryReadResponse(ReadOnlySpan<byte> source, string expectedAccept, out int consumed, out string? error)
    {
        consumed = 0;
        error = null;
        var end = source.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (source.Length < MaxResponseBytes)
            {
                return OperationStatus.NeedMoreData;
            }

            error = "the server's HTTP answer has no end of headers";
            return OperationStatus.InvalidData;
        }

        var lines = Encoding.Latin1.GetString(source[..end]).Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || status[1] != "101")
        {
            error = $"the server answered '{lines[0]}' instead of 101 Switching Protocols";
            return OperationStatus.InvalidData;
        }

        string? upgrade = null, connection = null, accept = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                upgrade = value;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = value;
            }
            else if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = value;
            }
        }

        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            error = $"the server's 101 has Upgrade '{upgrade}', not websocket";
        }
        else if (connection is null || !connection.Split(',').Any(t => t.Trim().Equals("Upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            error = $"the server's 101 has Connection '{connection}', without upgrade";
        }
        else if (accept != expectedAccept)
        {
            error = $"the server's Sec-WebSocket-Accept '{accept}' is not the expected '{expectedAccept}' (RFC 6455 §4.1)";
        }

        if (error is not null)
        {
            return OperationStatus.InvalidData;
        }

        consumed = end + 4;
        return OperationStatus.Done;
    }
}
