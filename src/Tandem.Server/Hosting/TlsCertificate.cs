using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.Server.Configuration;

namespace Tandem.Server.Hosting;

/// <summary>
/// The server's TLS certificate from <c>Signaling:Tls:*</c>: a PEM chain (leaf first) with its key in
/// <c>Signaling:Tls:KeyPath</c> or in the same file, or a PFX/PKCS#12 file; an encrypted key or PFX opened
/// with <c>Signaling:Tls:Password</c>. Checked at start-up: every unusable file is one
/// <see cref="InvalidSettingsException"/> line naming the key and what to do; a certificate outside its
/// validity period still starts the server, with a warning.
/// </summary>
internal sealed class TlsCertificate
{
    public const string CertificateKey = "Signaling:Tls:CertificatePath";
    public const string KeyKey = "Signaling:Tls:KeyPath";
    public const string PasswordKey = "Signaling:Tls:Password";

    private TlsCertificate(X509Certificate2 leaf, X509Certificate2Collection chain, string? warning)
    {
        Leaf = leaf;
        Chain = chain;
        Warning = warning;
    }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The intermediate certificates sent after the leaf (may be empty).</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>Why the certificate will not be trusted by clients now (expired, not yet valid), or null.</summary>
    public string? Warning { get; }

    /// <summary>Loads the certificate the settings name; null when <c>Signaling:Tls:CertificatePath</c> is not set.</summary>
    public static TlsCertificate? Load(SettingValues values, TimeProvider time)
    {
        var path = values.GetOptional<string>(CertificateKey);
        var keyPath = values.GetOptional<string>(KeyKey);
        var password = values.GetOptional<string>(PasswordKey);
        if (path is null)
        {
            if (keyPath is not null || password is not null)
            {
                Fail($"{(keyPath is not null ? KeyKey : PasswordKey)} is set but {CertificateKey} is not: set {CertificateKey} to the certificate file, or remove it");
            }

            return null;
        }

        var bytes = ReadFile(CertificateKey, path, "the server's certificate (PEM or PFX)");
        var (leaf, chain) = LooksLikePem(bytes)
            ? LoadPem(path, keyPath, password)
            : LoadPfx(path, keyPath, password);
        return new TlsCertificate(leaf, chain, ValidityWarning(leaf, path, time.GetUtcNow()));
    }

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadPem(string path, string? keyPath, string? password)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            Fail($"{CertificateKey} = '{path}': not a readable PEM certificate ({e.Message}); give the certificate file (fullchain.pem)");
        }

        if (all.Count == 0)
        {
            Fail($"{CertificateKey} = '{path}': holds no certificate (-----BEGIN CERTIFICATE-----); give the certificate file (fullchain.pem), not the key");
        }

        var keyFile = keyPath ?? path;
        var keyKey = keyPath is null ? CertificateKey : KeyKey;
        var keyText = System.Text.Encoding.ASCII.GetString(ReadFile(keyKey, keyFile, "the certificate's private key (PEM)"));
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            Fail(keyPath is null
                ? $"{CertificateKey} = '{path}': holds no private key; set {KeyKey} to the key file (privkey.pem)"
                : $"{KeyKey} = '{keyPath}': holds no PEM private key (-----BEGIN PRIVATE KEY-----); give the key of the certificate (privkey.pem)");
        }

        var encrypted = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && password is null)
        {
            Fail($"{keyKey} = '{keyFile}': the private key is encrypted; set {PasswordKey} to its password");
        }

        X509Certificate2 leaf;
        try
        {
            leaf = encrypted
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidSettingsException([encrypted
                ? $"  {PasswordKey}: cannot decrypt the private key in '{keyFile}' ({e.Message}); set the password the key was encrypted with"
                : $"  {keyKey} = '{keyFile}': the private key does not belong to the certificate in '{path}' or cannot be read ({e.Message}); give the key made with this certificate"]);
        }

        return (leaf, [.. all.Skip(1)]);
    }

    private static (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadPfx(string path, string? keyPath, string? password)
    {
        if (keyPath is not null)
        {
            Fail($"{KeyKey} is set, but {CertificateKey} = '{path}' is a PFX file, which holds its key: remove {KeyKey}");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidSettingsException([password is null
                ? $"  {CertificateKey} = '{path}': neither a PEM certificate nor a PFX file that opens without a password ({e.Message}); give a PEM or PFX file, and {PasswordKey} if it has one"
                : $"  {PasswordKey}: cannot open the PFX file '{path}' with it ({e.Message}); set the password the file was exported with"]);
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            Fail($"{CertificateKey} = '{path}': the PFX file holds no private key; export it with the key (openssl pkcs12 -export -inkey KEY ...)");
        }

        return (leaf, [.. all.Where(c => c != leaf)]);
    }

    private static string? ValidityWarning(X509Certificate2 leaf, string path, DateTimeOffset now)
    {
        if (now.UtcDateTime > leaf.NotAfter.ToUniversalTime())
        {
            return $"the TLS certificate in '{path}' ({leaf.Subject}) expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it; renew it and restart the server";
        }

        return now.UtcDateTime < leaf.NotBefore.ToUniversalTime()
            ? $"the TLS certificate in '{path}' ({leaf.Subject}) is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it until then; check this machine's clock"
            : null;
    }

    private static byte[] ReadFile(string key, string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidSettingsException([$"  {key} = '{path}': no such file; give the path of {what}"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingsException([$"  {key} = '{path}': cannot be read ({e.Message}); let the server's user read it"]);
        }
    }

    // A PEM file is text with a "-----BEGIN" line; a PFX file is DER (binary, starting with a SEQUENCE).
    private static bool LooksLikePem(ReadOnlySpan<byte> bytes) => bytes.IndexOf("-----BEGIN "u8) >= 0;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string problem) => throw new InvalidSettingsException(["  " + problem]);
}
