using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Options;

/// <summary>
/// The ICE server options of <c>tandem device</c> / <c>tandem app</c>: <c>--ice-server URL</c>
/// (repeatable; <c>stun:</c>, <c>turn:</c>, <c>turns:</c>), one <c>--ice-username</c> and
/// <c>--ice-credential</c> for all the TURN ones, <c>--ice-transport-policy all|relay</c> and
/// <c>--ice-ca FILE</c> (PEM) to trust for <c>turns:</c>. Servers the signaling server hands out come on top.
/// </summary>
internal sealed class IceServerOptions
{
    public static readonly string[] Valued = ["--ice-server", "--ice-username", "--ice-credential", "--ice-transport-policy", "--ice-ca"];

    private readonly List<string> _urls = [];
    private string? _username;
    private string? _credential;
    private string? _caFile;

    public IceTransportPolicy Policy { get; private set; } = IceTransportPolicy.All;

    /// <summary>Applies one of <see cref="Valued"/>; returns an error naming the option, or null.</summary>
    public string? Apply(string name, string value)
    {
        switch (name)
        {
            case "--ice-server":
                _urls.Add(value);
                return null;
            case "--ice-username":
                _username = value;
                return null;
            case "--ice-credential":
                _credential = value;
                return null;
            case "--ice-ca":
                _caFile = value;
                return null;
            default:
                if (value is not ("all" or "relay"))
                {
                    return $"--ice-transport-policy: '{value}' is not all or relay";
                }

                Policy = value == "relay" ? IceTransportPolicy.Relay : IceTransportPolicy.All;
                return null;
        }
    }

    /// <summary>Checks the URLs (W3C rules: TURN needs credentials) and reads the CA file.</summary>
    public string? TryBuild(out IReadOnlyList<RtcIceServer> servers, out X509Certificate2Collection? authorities)
    {
        servers = [];
        authorities = null;
        if (_urls.Count > 0)
        {
            var server = new RtcIceServer([.. _urls], _username, _credential);
            try
            {
                server.Validate();
            }
            catch (ArgumentException e)
            {
                var message = e.Message.Split(" (Parameter", 2)[0];
                return message.Contains("needs a username", StringComparison.Ordinal)
                    ? $"--ice-server: {message}: give --ice-username and --ice-credential"
                    : $"--ice-server: {message}";
            }

            servers = [server];
        }
        else if (_username is not null || _credential is not null)
        {
            return "--ice-username/--ice-credential need a TURN --ice-server to apply to";
        }

        if (_caFile is not null)
        {
            try
            {
                authorities = [];
                authorities.ImportFromPemFile(_caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                return $"--ice-ca: cannot read CA certificates from '{_caFile}': {e.Message}";
            }

            if (authorities.Count == 0)
            {
                return $"--ice-ca: '{_caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
            }
        }

        return null;
    }
}
