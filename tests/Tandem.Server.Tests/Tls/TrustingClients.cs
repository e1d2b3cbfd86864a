using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Server.Tests.Tls;

/// <summary>Clients that trust exactly one test CA (custom root trust, host name checked), nothing else.</summary>
internal static class TrustingClients
{
    public static bool Validate(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public static HttpClient Http(X509Certificate2 ca) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, e) => Validate(ca, c, e) },
    })
    { Timeout = TimeSpan.FromSeconds(10) };
}
