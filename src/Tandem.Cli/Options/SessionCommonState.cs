using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Cli.Options;

/// <summary>The options both session commands accept, collected while parsing.</summary>
internal sealed class SessionCommonState(string idPrefix)
{
    public static readonly string[] Flags = ["--no-video", "--no-audio", "--no-data", "--ice-loopback", "--quiet", "--echo"];

    public static readonly string[] Valued = ["--server", "--id", "--seconds", "--timeout", "--ice-address", "--send", "--send-binary", "--token", "--ca", .. IceServerOptions.Valued];

    private readonly List<string> _send = [];
    private readonly List<byte[]> _sendBinary = [];
    private Uri? _server;
    private string? _id;
    private string? _token;
    private bool _noVideo, _noAudio, _noData, _loopback, _quiet, _echo;
    private double? _seconds;
    private double? _timeout;
    private IReadOnlyList<IPAddress>? _addresses;
    private string? _caFile;
    private readonly IceServerOptions _ice = new();

    public double? DefaultTimeout { get; init; }

    /// <summary>Applies <paramref name="name"/> when it is a shared option; <paramref name="error"/> is null when its value is fine.</summary>
    public bool TryApply(string name, string? value, out string? error)
    {
        error = ApplyShared(name, value, out var handled);
        return handled;
    }

    private string? ApplyShared(string name, string? value, out bool handled)
    {
        handled = true;
        switch (name)
        {
            case "--server":
                return SessionOptionReader.Server(value!, out _server);
            case "--id":
                var idError = SessionOptionReader.Id(value!, idPrefix, out var id);
                _id = id;
                return idError;
            case "--seconds":
                var secondsError = SessionOptionReader.Number(name, value!, 0.1, 86_400, out var seconds);
                _seconds = seconds;
                return secondsError;
            case "--timeout":
                var timeoutError = SessionOptionReader.Number(name, value!, 0, 86_400, out var timeout);
                _timeout = timeout;
                return timeoutError;
            case "--ice-address":
                return SessionOptionReader.Addresses(value!, out _addresses);
            case "--send":
                _send.Add(value!);
                return null;
            case "--token":
                _token = value;
                return value!.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                    ? null
                    : "--token: not a token (a JWT is three base64url parts joined by dots; mint one with tandem token --id <id>)";
            case "--ca":
                _caFile = value;
                return null;
            case "--ice-server" or "--ice-username" or "--ice-credential" or "--ice-transport-policy" or "--ice-ca":
                return _ice.Apply(name, value!);
            case "--send-binary":
                return SessionOptionReader.Hex(value!, _sendBinary);
            case "--echo":
                _echo = true;
                return null;
            case "--no-video":
                _noVideo = true;
                return null;
            case "--no-audio":
                _noAudio = true;
                return null;
            case "--no-data":
                _noData = true;
                return null;
            case "--ice-loopback":
                _loopback = true;
                return null;
            case "--quiet":
                _quiet = true;
                return null;
            default:
                handled = false;
                return null;
        }
    }

    public bool TryBuild(out SessionCommonOptions? options, out string error)
    {
        options = null;
        if (_server is null)
        {
            error = "--server is required (e.g. --server ws://127.0.0.1:8000/)";
            return false;
        }

        if (_id is null)
        {
            error = $"--id is required (e.g. --id {idPrefix}123456)";
            return false;
        }

        if (_noVideo && _noAudio && _noData)
        {
            error = "--no-video, --no-audio and --no-data together leave nothing to connect";
            return false;
        }

        if (_noData && (_send.Count > 0 || _sendBinary.Count > 0 || _echo))
        {
            error = $"{(_echo ? "--echo" : _send.Count > 0 ? "--send" : "--send-binary")} needs the data channel (drop --no-data)";
            return false;
        }

        X509Certificate2Collection? authorities = null;
        if (_caFile is not null)
        {
            if (_server.Scheme != "wss")
            {
                error = $"--ca applies to a wss:// server; {_server} is not one (use wss://, or drop --ca)";
                return false;
            }

            if (CertificateAuthorityFile.Read("--ca", _caFile, out authorities) is { } caError)
            {
                error = caError;
                return false;
            }
        }

        if (_ice.TryBuild(out var iceServers, out var iceAuthorities) is { } iceError)
        {
            error = iceError;
            return false;
        }

        var timeout = _timeout ?? DefaultTimeout;
        error = "";
        options = new SessionCommonOptions(_server, _id, !_noVideo, !_noAudio, !_noData, _seconds,
            timeout is > 0 ? timeout : null, _addresses, _loopback, _send, _quiet, _token, _sendBinary, _echo)
        {
            ServerCertificateAuthorities = authorities,
            IceServers = iceServers,
            IceTransportPolicy = _ice.Policy,
            IceCertificateAuthorities = iceAuthorities,
        };
        return true;
    }
}
