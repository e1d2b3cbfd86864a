using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// Guards WebRTC tests: they must run inside the private network namespace of scripts/testnet.sh,
/// because Chromium gathers no loopback ICE candidates and test traffic must never reach a real
/// interface (DESIGN.md, "Network for WebRTC tests").
/// </summary>
public static class TestNetwork
{
    /// <summary>The namespace's veth test hosts are 10.77.0.1 and 10.77.0.2 (/24).</summary>
    public static bool IsTestHost(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] == 10 && bytes[1] == 77 && bytes[2] == 0;
    }

    /// <summary>
    /// Returns the test-host addresses, or throws with how to run the tests when this process is
    /// not in the test namespace: a 10.77.0.x address must exist and every other non-loopback
    /// address must be IPv6 link-local (what the kernel puts on the veth pair).
    /// </summary>
    public static IReadOnlyList<IPAddress> RequireTestNamespace()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => (Interface: n.Name, a.Address)))
            .Where(a => !IPAddress.IsLoopback(a.Address))
            .ToList();
        var testHosts = addresses.Where(a => IsTestHost(a.Address)).Select(a => a.Address).ToList();
        var foreign = addresses.Where(a => !IsTestHost(a.Address) && !a.Address.IsIPv6LinkLocal).ToList();
        if (testHosts.Count > 0 && foreign.Count == 0)
        {
            return testHosts;
        }

        var found = addresses.Count == 0
            ? "no non-loopback interface"
            : string.Join(", ", addresses.Select(a => $"{a.Interface} {a.Address}"));
        throw new InvalidOperationException(
            "WebRTC browser tests must run inside the Tandem test network namespace (veth hosts 10.77.0.1 and " +
            "10.77.0.2, no other interface): Chromium gathers no loopback ICE candidates and test traffic must " +
            $"not reach a real interface. Found: {found}. Run them as root with scripts/test.sh, or: " +
            "bash scripts/testnet.sh up && bash scripts/testnet.sh exec dotnet test tests/Tandem.WebRtc.IntegrationTests " +
            "-c Release --no-build && bash scripts/testnet.sh down (build outside the namespace first).");
    }
}
