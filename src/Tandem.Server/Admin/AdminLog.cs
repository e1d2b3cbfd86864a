namespace Tandem.Server.Admin;

/// <summary>Start-up log lines of the admin interface.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(300, LogLevel.Information, "admin page at /admin: Admin:Token is not set, so it answers loopback requests only")]
    public static partial void LoopbackOnly(ILogger logger);

    [LoggerMessage(301, LogLevel.Information, "admin page at /admin: Admin:Token is set, every admin request needs it (Bearer header or the /admin/login cookie)")]
    public static partial void TokenRequired(ILogger logger);
}
