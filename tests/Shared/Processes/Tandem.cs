namespace Tandem.Testing.Processes;

/// <summary>Starts <c>tandem device</c> / <c>tandem app</c> processes against a server.</summary>
internal static class Tandem
{
    /// <summary>ICE on loopback only: both processes run on this machine, and test traffic stays on 127.0.0.1.</summary>
    public static readonly string[] Loopback = ["--ice-address", "127.0.0.1"];

    public static ChildProcess Device(ServerProcess server, string uid, params string[] args) =>
        ChildProcess.Start("device " + uid, Binaries.Tandem, ["device", "--server", server.WebSocketUri, "--id", "glasses_" + uid, .. args]);

    public static ChildProcess App(ServerProcess server, string uid, params string[] args) =>
        ChildProcess.Start("app " + uid, Binaries.Tandem, ["app", "--server", server.WebSocketUri, "--id", "app_" + uid, .. args]);

    /// <summary>A fresh directory under the temp folder.</summary>
    public static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tandem-e2e-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
