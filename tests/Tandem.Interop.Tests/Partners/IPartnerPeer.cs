namespace Tandem.Interop.Tests.Partners;

/// <summary>What the partner of a cell is told to do (the same for every stack).</summary>
/// <param name="Id">The id it joins as (<c>glasses_&lt;uid&gt;</c> or <c>app_&lt;uid&gt;</c>).</param>
/// <param name="Video">Negotiate video.</param>
/// <param name="Audio">Negotiate audio.</param>
/// <param name="Data">Negotiate the data channel.</param>
/// <param name="Seconds">As the app: how long it counts after the first video frame (after connecting without video).</param>
/// <param name="Text">The text it sends once the channel opens.</param>
/// <param name="BinaryHex">The binary message it sends once the channel opens, as hex.</param>
/// <param name="Pings">Echo round trips it times, one at a time.</param>
/// <param name="HoldJoin">Start up but join only at <see cref="IPartnerPeer.JoinAsync"/>.</param>
public sealed record PartnerOptions(string Id, bool Video, bool Audio, bool Data, double Seconds, string Text, string BinaryHex, int Pings, bool HoldJoin)
{
    public bool IsGlasses => Id.StartsWith("glasses_", StringComparison.Ordinal);
}

/// <summary>A running partner peer.</summary>
public interface IPartnerPeer : IAsyncDisposable
{
    /// <summary>Lets a peer started with <see cref="PartnerOptions.HoldJoin"/> join now.</summary>
    Task JoinAsync();

    /// <summary>Waits for the end of its run (as the app: its window is over; as the glasses: the app left) and its report.</summary>
    Task<PartnerSummary> WaitForSummaryAsync(TimeSpan timeout);

    /// <summary>What it printed, for failure messages.</summary>
    string Transcript();
}
