using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Tandem.Server.Configuration;

namespace Tandem.Server.Hosting;

/// <summary>One port the server listens on.</summary>
/// <param name="EndPoint">Address and port.</param>
/// <param name="PortKey">The setting of the port (<c>Signaling:Port</c>, <c>Signaling:TlsPort</c>), for messages.</param>
/// <param name="Tls">Whether it serves https:// and wss://.</param>
internal sealed record ServerEndpoint(IPEndPoint EndPoint, string PortKey, bool Tls);

/// <summary>
/// Which ports serve what: without a certificate, <c>Signaling:Port</c> plain; with one,
/// <c>Signaling:Port</c> TLS only, or plain beside a TLS <c>Signaling:TlsPort</c>.
/// </summary>
internal static class ServerEndpoints
{
    /// <summary>
    /// The ports from <paramref name="settings"/>. Kestrel's own <c>Kestrel:Endpoints</c> and
    /// <c>Kestrel:Certificates</c> are refused with the keys to use instead: the server binds its ports
    /// itself (so a busy port is one line) and would otherwise fail at start with Kestrel's stack trace.
    /// </summary>
    public static IReadOnlyList<ServerEndpoint> Plan(ServerSettings settings, TlsCertificate? certificate, IConfiguration configuration)
    {
        var kestrel = new[] { "Kestrel:Endpoints", "Kestrel:Certificates" }.Where(k => configuration.GetSection(k).GetChildren().Any()).ToList();
        if (kestrel.Count > 0)
        {
            throw new InvalidSettingsException([.. kestrel.Select(k =>
                $"  {k}: Kestrel's endpoint configuration is not used by this server; set Signaling:ListenAddress, Signaling:Port, and for TLS Signaling:Tls:CertificatePath (Signaling:TlsPort for a second port) instead")]);
        }

        if (settings.TlsPort is not { } tlsPort)
        {
            return [new(new IPEndPoint(settings.ListenAddress, settings.Port), "Signaling:Port", certificate is not null)];
        }

        if (certificate is null)
        {
            throw new InvalidSettingsException([$"  Signaling:TlsPort = '{tlsPort}': needs a certificate; set {TlsCertificate.CertificateKey} (and {TlsCertificate.KeyKey}), or remove Signaling:TlsPort"]);
        }

        if (tlsPort == settings.Port)
        {
            throw new InvalidSettingsException([$"  Signaling:TlsPort = '{tlsPort}': the same as Signaling:Port; choose another port, or remove Signaling:TlsPort to serve TLS only on Signaling:Port"]);
        }

        return
        [
            new(new IPEndPoint(settings.ListenAddress, settings.Port), "Signaling:Port", false),
            new(new IPEndPoint(settings.ListenAddress, tlsPort), "Signaling:TlsPort", true),
        ];
    }

    /// <summary>Listens on <paramref name="endpoint"/>, with TLS from <paramref name="certificate"/> where asked.</summary>
    public static void Listen(KestrelServerOptions kestrel, ServerEndpoint endpoint, TlsCertificate? certificate) =>
        kestrel.Listen(endpoint.EndPoint, listen =>
        {
            if (endpoint.Tls && certificate is not null)
            {
                // HTTP/1.1 only, as on the plain port: one TCP connection per WebSocket, so connection
                // limits, keep-alive and the admin page's connection list mean the same on both.
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate.Leaf,
                    ServerCertificateChain = certificate.Chain,
                });
            }
        });
}
