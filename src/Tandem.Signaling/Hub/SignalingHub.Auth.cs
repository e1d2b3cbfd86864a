using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>
    /// A join whose authorizer answers later (a webhook): the client may not send another join until
    /// it does; its other messages are handled meanwhile as for a client in no room.
    /// </summary>
    private void AuthorizeLater(SignalingClient client, DeviceId id, Task<JoinVerdict> pending)
    {
        using (EnterGate())
        {
            if (client.IsClosed)
            {
                return;
            }

            if (client.JoinPending)
            {
                Refuse(client, new MessageError(ErrorCode.BadMessage, "a join is already being checked: wait for its answer", "join"));
                return;
            }

            client.JoinPending = true;
        }

        _ = FinishJoinAsync(client, id, pending);
    }

    private async Task FinishJoinAsync(SignalingClient client, DeviceId id, Task<JoinVerdict> pending)
    {
        JoinVerdict verdict;
        try
        {
            verdict = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // An authorizer's fault must not kill the join silently: the client hears 1007 and may retry.
            LogAuthorizerFailed(client.Id, e);
            verdict = JoinVerdict.Unavailable("the join could not be checked: try again later");
        }

        FinishJoin(client, id, verdict);
    }

    private void FinishJoin(SignalingClient client, DeviceId id, in JoinVerdict verdict)
    {
        using (EnterGate())
        {
            if (client.IsClosed)
            {
                return;
            }

            client.JoinPending = false;
            if (client.Identity is { } identity && !identity.IsSameIdentity(id))
            {
                Refuse(client, new MessageError(ErrorCode.BadMessage, $"this connection joined as {identity.Value}: every message it sends must carry that device_id", "join"));
                return;
            }

            Join(client, id, verdict);
        }
    }
}
