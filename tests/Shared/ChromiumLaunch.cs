using Microsoft.Playwright;

namespace Tandem.Testing;

/// <summary>
/// How every browser test launches Chromium: Debian's headless package (Playwright's own browser
/// downloads are never used), fake camera and microphone (the fake mic beeps, so audio really flows),
/// media permission granted, autoplay allowed. Linked into each test project that drives a browser.
/// </summary>
internal static class ChromiumLaunch
{
    /// <summary>Debian's chromium package.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream=fps=30", "--autoplay-policy=no-user-gesture-required",
    ];

    /// <summary>
    /// The launch options. Playwright gives each launch a fresh temporary user-data dir and deletes it
    /// on close; its default --mute-audio is left out because remote audio must really play.
    /// </summary>
    public static BrowserTypeLaunchOptions Options() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Args,
        IgnoreDefaultArgs = ["--mute-audio"],
    };
}
