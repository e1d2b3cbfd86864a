using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Client.Signaling;

/// <summary>
/// Checks a <c>wss://</c> server's certificate for one connection attempt: against the system's trusted
/// roots, or only against <see cref="SignalingChannelOptions.CertificateAuthorities"/> when set (a
/// private PKI); the host name is checked either way, and nothing is ever accepted unchecked. A refusal is
/// kept (<see cref="Refusal"/>) so the failed connect can say whose certificate was refused and why.
/// </summary>
internal sealed class ServerCertificateCheck(X509Certificate2Collection? authorities)
{
    /// <summary>Why the certificate was refused, once it was.</summary>
    public UntrustedServerCertificateException? Refusal { get; private set; }

    /// <summary>For <see cref="System.Net.WebSockets.ClientWebSocketOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            Refusal = new UntrustedServerCertificateException("", "", "the server sent no certificate");
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Refuse(leaf, "it is not made out for the host name or address in the URL");
            return false;
        }

        if (authorities is null)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            Refuse(leaf, Describe(chain));
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);

        // A private CA rarely publishes revocation lists; the intermediates the server sent may complete the chain.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(leaf))
        {
            return true;
        }

        Refuse(leaf, Describe(custom));
        return false;
    }

    private void Refuse(X509Certificate2 leaf, string reason) =>
        Refusal = new UntrustedServerCertificateException(leaf.Subject, leaf.Issuer, reason);

    private static string Describe(X509Chain? chain)
    {
        var status = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        return status switch
        {
            _ when status.HasFlag(X509ChainStatusFlags.NotTimeValid) => "it has expired or is not valid yet",
            _ when status.HasFlag(X509ChainStatusFlags.UntrustedRoot) => "its issuer is not a trusted CA",
            _ when status.HasFlag(X509ChainStatusFlags.PartialChain) => "its issuer is not a trusted CA",
            _ when status.HasFlag(X509ChainStatusFlags.Revoked) => "it was revoked",
            X509ChainStatusFlags.NoError => "it was not accepted",
            _ => $"its chain does not verify ({status})",
        };
    }
}

/// <summary>
/// The <c>wss://</c> server's certificate was not trusted (<see cref="SignalingChannelOptions.CertificateAuthorities"/>
/// did not issue it, or the system's roots did not): who it was for, who issued it, and why it was refused.
/// </summary>
/// <param name="subject">The certificate's subject (<c>CN=...</c>); empty when the server sent none.</param>
/// <param name="issuer">Its issuer's name.</param>
/// <param name="reason">Why it was refused, in words.</param>
public sealed class UntrustedServerCertificateException(string subject, string issuer, string reason)
    : Exception($"the server's certificate was not trusted: {(subject.Length == 0 ? reason : $"{subject}, issued by {issuer}: {reason}")}")
{
    /// <summary>The certificate's subject; empty when the server sent none.</summary>
    public string Subject { get; } = subject;

    /// <summary>Its issuer's distinguished name.</summary>
    public string Issuer { get; } = issuer;

    /// <summary>Why it was refused.</summary>
    public string Reason { get; } = reason;
}
