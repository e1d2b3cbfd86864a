using Tandem.Server.Configuration;
using Tandem.Signaling.Auth;

namespace Tandem.Server.Auth;

/// <summary>Registers the join authorizer <c>Auth:Mode</c> asks for (none with <c>none</c>).</summary>
internal static partial class JoinAuthorization
{
    public static IServiceCollection AddJoinAuthorization(this IServiceCollection services, AuthSettings auth)
    {
        switch (auth.Mode)
        {
            case AuthMode.Token:
                services.AddSingleton<IJoinAuthorizer>(sp => new TokenAuthorizer(auth.Token!, sp.GetRequiredService<TimeProvider>()));
                break;
            case AuthMode.Webhook:
                // One client for the process: it pools connections to the webhook. The per-join timeout is the authorizer's.
                services.AddSingleton<IJoinAuthorizer>(sp => new WebhookAuthorizer(
                    new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
                    auth.WebhookUrl!,
                    auth.WebhookTimeout,
                    sp.GetRequiredService<ILogger<WebhookAuthorizer>>()));
                break;
        }

        return services;
    }

    /// <summary>Says at start-up who may join: with <c>none</c>, a warning that anyone may.</summary>
    public static void LogMode(ILogger logger, AuthMode mode)
    {
        if (mode == AuthMode.None)
        {
            LogOpen(logger);
        }
        else
        {
            LogRequired(logger, mode.ToString().ToLowerInvariant());
        }
    }

    [LoggerMessage(310, LogLevel.Warning, "join authentication is off (Auth:Mode=none): anyone who knows a device id can join as it; see docs/SECURITY.md")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(311, LogLevel.Information, "join authentication: Auth:Mode={Mode}, a join without valid credentials gets error 1008")]
    private static partial void LogRequired(ILogger logger, string mode);
}
