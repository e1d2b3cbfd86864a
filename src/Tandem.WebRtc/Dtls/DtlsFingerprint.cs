using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP: <c>a=fingerprint:sha-256 AB:CD:...</c>
/// (RFC 8122 §5: hash function name, then the digest as colon-separated upper-case hex pairs).
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _digest;

    private DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    /// <summary>Hash function name in lower case, as in SDP (<c>sha-256</c>).</summary>
    public string Algorithm { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The digest as colon-separated upper-case hex (<c>AB:CD:...</c>), without the algorithm.</summary>
    public string Value => FormatHex(_digest);

    /// <summary>Computes the fingerprint of a DER-encoded certificate with the named hash function.</summary>
    /// <exception cref="ArgumentException">The hash function is not one of sha-1, sha-256, sha-384, sha-512.</exception>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithm = "sha-256")
    {
        string name = algorithm.ToLowerInvariant();
        return TryHash(name, certificateDer, out byte[]? digest)
            ? new DtlsFingerprint(name, digest)
            : throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'.", nameof(algorithm));
    }

    /// <summary>
    /// Parses the value of an SDP <c>a=fingerprint</c> attribute (<c>sha-256 AB:CD:...</c>).
    /// Accepts any letter case; never throws.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string[] parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        string algorithm = parts[0].ToLowerInvariant();
        int expectedLength = DigestLength(algorithm);
        string[] pairs = parts[1].Trim().Split(':');
        if (expectedLength == 0 || pairs.Length != expectedLength)
        {
            return false;
        }

        byte[] digest = new byte[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 2
                || !byte.TryParse(pairs[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) =>
        TryHash(Algorithm, certificateDer, out byte[]? digest)
        && CryptographicOperations.FixedTimeEquals(digest, _digest);

    /// <summary>The SDP attribute value: <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString() => Algorithm + " " + Value;

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && other._digest.AsSpan().SequenceEqual(_digest);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, Value);

    private static int DigestLength(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static bool TryHash(string algorithm, ReadOnlySpan<byte> data, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = algorithm switch
        {
#pragma warning disable CA5350 // RFC 8122 allows sha-1 fingerprints from peers; we only ever offer sha-256.
            "sha-1" => SHA1.HashData(data),
#pragma warning restore CA5350
            "sha-256" => SHA256.HashData(data),
            "sha-384" => SHA384.HashData(data),
            "sha-512" => SHA512.HashData(data),
            _ => null,
        };
        return digest is not null;
    }

    private static string FormatHex(byte[] digest) =>
        string.Join(':', digest.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
