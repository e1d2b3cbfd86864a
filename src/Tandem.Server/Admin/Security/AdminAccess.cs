namespace Tandem.Server.Admin.Security;

/// <summary>The outcome of checking an admin request.</summary>
internal enum AdminAccess
{
    /// <summary>No token is configured and the request came from loopback to a loopback host name.</summary>
    Loopback,

    /// <summary>The request carried the token in an <c>Authorization: Bearer</c> header.</summary>
    Bearer,

    /// <summary>The request carried the login cookie.</summary>
    Cookie,

    /// <summary>A token is configured and the request did not present it: it may log in.</summary>
    Unauthenticated,

    /// <summary>A token is configured and the request's Bearer header holds a wrong one: a guess, counted per address.</summary>
    WrongCredential,

    /// <summary>No token is configured and the request is not from loopback: refused outright.</summary>
    Forbidden,
}

/// <summary>Helpers on <see cref="AdminAccess"/>.</summary>
internal static class AdminAccessExtensions
{
    /// <summary>True when the request may see and act.</summary>
    public static bool IsAllowed(this AdminAccess access) => access is AdminAccess.Loopback or AdminAccess.Bearer or AdminAccess.Cookie;
}
