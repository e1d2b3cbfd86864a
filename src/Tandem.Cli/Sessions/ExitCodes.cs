namespace Tandem.Cli.Sessions;

/// <summary>Exit codes of <c>tandem device</c> and <c>tandem app</c> (listed in their usage texts).</summary>
public static class ExitCodes
{
    /// <summary>Ran as asked and stopped (time up, or Ctrl-C / SIGTERM).</summary>
    public const int Ok = 0;

    /// <summary>Failed while running (e.g. a media source could not start).</summary>
    public const int Failed = 1;

    /// <summary>Bad command line.</summary>
    public const int Usage = 2;

    /// <summary>The signaling server could not be reached.</summary>
    public const int ServerUnreachable = 3;

    /// <summary>The server refused us (error 1001/1004) or another connection took our id.</summary>
    public const int Refused = 4;

    /// <summary>No peer joined within <c>--timeout</c>.</summary>
    public const int NoPeer = 5;

    /// <summary>Paired, but ICE/DTLS did not connect within <c>--timeout</c>.</summary>
    public const int ConnectionFailed = 6;
}
