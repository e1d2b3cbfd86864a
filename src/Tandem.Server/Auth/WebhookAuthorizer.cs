using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.Auth;

/// <summary>
/// <c>Auth:Mode=webhook</c> (Ayame's auth webhook, in our words): each join is POSTed as
/// <c>{"device_id","room_id","token","remote_address"}</c> and admitted only on a 2xx answer whose JSON
/// has <c>"allowed": true</c> within the timeout; its <c>"ice_servers"</c>, if any, go into the connection's role
/// messages. A <c>"reason"</c> string in a refusal is passed on to the client.
/// A webhook that is down, slow or answers 5xx refuses with 1007 (try again later), not 1008.
/// </summary>
internal sealed partial class WebhookAuthorizer(HttpClient http, Uri url, TimeSpan timeout, ILogger<WebhookAuthorizer> logger) : IJoinAuthorizer
{
    private const int MaxReasonLength = 200;

    public async ValueTask<JoinVerdict> AuthorizeAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new ByteArrayContent(Body(request));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                LogFailed(logger, request.DeviceId.Value, $"HTTP {(int)response.StatusCode}");
                return JoinVerdict.Unavailable("the server could not check this join (its authorization service failed): try again later");
            }

            return Decide(request, text, response.IsSuccessStatusCode, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, request.DeviceId.Value, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds} s"));
            return JoinVerdict.Unavailable("the server could not check this join in time (its authorization service is slow): try again later");
        }
        catch (HttpRequestException e)
        {
            LogFailed(logger, request.DeviceId.Value, e.Message);
            return JoinVerdict.Unavailable("the server could not check this join (its authorization service is unreachable): try again later");
        }
    }

    private static byte[] Body(in JoinRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("device_id", request.DeviceId.Value);
            json.WriteString("room_id", request.DeviceId.RoomId);
            if (request.Token is null)
            {
                json.WriteNull("token");
            }
            else
            {
                json.WriteString("token", request.Token);
            }

            json.WriteString("remote_address", request.RemoteAddress);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private JoinVerdict Decide(JoinRequest request, byte[] body, bool success, int status)
    {
        var allowed = false;
        string? reason = null;
        IReadOnlyList<IceServerGrant>? iceServers = null;
        var problems = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var answer = document.RootElement;
            if (answer.ValueKind == JsonValueKind.Object)
            {
                allowed = answer.TryGetProperty("allowed", out var a) && a.ValueKind == JsonValueKind.True;
                reason = answer.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                iceServers = allowed ? WebhookIceServers.Read(answer, problems) : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON: not an allowing answer.
        }

        if (success && allowed)
        {
            foreach (var problem in problems)
            {
                LogIceServersProblem(logger, request.DeviceId.Value, problem);
            }

            return iceServers is null ? JoinVerdict.Allow : JoinVerdict.AllowWith(iceServers);
        }

        var why = reason is { Length: > 0 } ? (reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason) : $"refused by the device registry (HTTP {status})";
        return JoinVerdict.Deny($"not allowed to join: {why}; check that this device is registered to your account");
    }

    [LoggerMessage(320, LogLevel.Warning, "auth webhook failed for {DeviceId}: {Reason}; the join got error 1007")]
    private static partial void LogFailed(ILogger logger, string deviceId, string reason);

    [LoggerMessage(321, LogLevel.Warning, "auth webhook answer for {DeviceId}: {Problem}; the join proceeds without it, fix the device registry's answer")]
    private static partial void LogIceServersProblem(ILogger logger, string deviceId, string problem);
}
