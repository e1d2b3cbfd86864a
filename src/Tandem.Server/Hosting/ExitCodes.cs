namespace Tandem.Server.Hosting;

/// <summary>The server process's exit codes (listed by <c>--help</c> and docs/DEPLOY.md).</summary>
public static class ExitCodes
{
    /// <summary>Stopped normally (Ctrl-C, SIGTERM), or <c>--help</c>.</summary>
    public const int Stopped = 0;

    /// <summary>Failed while running (an unexpected error, printed with its details).</summary>
    public const int Failed = 1;

    /// <summary>Invalid settings: an unknown key, a value out of range, an argument that is not a setting.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Cannot listen on the configured address and port (in use, not this machine's, not permitted).</summary>
    public const int CannotListen = 3;

    /// <summary>Every code with what it means, in order.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Stopped, "stopped (Ctrl-C, SIGTERM) or --help"),
        (Failed, "failed while running"),
        (InvalidSettings, "invalid settings"),
        (CannotListen, "cannot listen on the address and port"),
    ];
}
