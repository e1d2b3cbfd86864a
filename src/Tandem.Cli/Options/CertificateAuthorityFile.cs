using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Cli.Options;

/// <summary>A PEM file of CA certificates given on the command line (<c>--ca FILE</c>), read with a message naming the option.</summary>
internal static class CertificateAuthorityFile
{
    /// <summary>Reads every certificate of <paramref name="path"/>; returns an error naming <paramref name="option"/>, or null.</summary>
    public static string? Read(string option, string path, out X509Certificate2Collection authorities)
    {
        authorities = [];
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{option}: no such file '{path}'; give the PEM file of the CA certificate(s) that issued the server's certificate";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return $"{option}: cannot read CA certificates from '{path}': {e.Message}";
        }

        return authorities.Count == 0
            ? $"{option}: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate, not a key"
            : null;
    }
}
