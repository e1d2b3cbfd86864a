using System.Text;

namespace Tandem.Load.Messages;

/// <summary>One connection's names: its own id, its counterpart's, and the pair key.</summary>
public sealed class PeerIdentity
{
    /// <summary>Names side <paramref name="side"/> (0 glasses, 1 app) of pair <paramref name="pair"/> of run <paramref name="run"/>.</summary>
    public PeerIdentity(string run, int pair, int side, string kind = "p")
    {
        Pair = pair;
        Side = side;
        PairKey = $"{run}-{kind}{pair}";
        Id = (side == 0 ? "glasses_" : "app_") + PairKey;
        PeerId = (side == 0 ? "app_" : "glasses_") + PairKey;
        IdUtf8 = Encoding.UTF8.GetBytes(Id);
        PeerIdUtf8 = Encoding.UTF8.GetBytes(PeerId);
        PairKeyUtf8 = Encoding.UTF8.GetBytes(PairKey);
    }

    /// <summary>The pair number (index into the delivery checker).</summary>
    public int Pair { get; }

    /// <summary>0 for the glasses side, 1 for the app side.</summary>
    public int Side { get; }

    /// <summary>The uid shared by both sides (R5), also the relay's pair key.</summary>
    public string PairKey { get; }

    /// <summary>This connection's device id (R5): <c>glasses_KEY</c> or <c>app_KEY</c>.</summary>
    public string Id { get; }

    /// <summary>The counterpart's device id.</summary>
    public string PeerId { get; }

    /// <summary><see cref="Id"/> as UTF-8 (JSON-safe: R5 characters only).</summary>
    public byte[] IdUtf8 { get; }

    /// <summary><see cref="PeerId"/> as UTF-8.</summary>
    public byte[] PeerIdUtf8 { get; }

    /// <summary><see cref="PairKey"/> as UTF-8.</summary>
    public byte[] PairKeyUtf8 { get; }
}
