using Tandem.Load.Options;

namespace Tandem.Load.Targets;

/// <summary>Picks the adapter for a <see cref="LoadTarget"/>.</summary>
public static class SignalingProtocols
{
    /// <summary>The adapter for <paramref name="target"/>.</summary>
    public static ISignalingProtocol For(LoadTarget target) => target switch
    {
        LoadTarget.Relay => new RelayProtocol(),
        LoadTarget.PeerJs => new PeerJsProtocol(),
        _ => new TandemProtocol(),
    };
}
