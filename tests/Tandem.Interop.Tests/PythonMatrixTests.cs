using Tandem.Interop.Tests.Matrix;
using Tandem.Interop.Tests.Partners;

namespace Tandem.Interop.Tests;

/// <summary>
/// The partners written in Python against our device and our app: aiortc (Debian python3-aiortc,
/// interop/aiortc/peer.py) and GStreamer webrtcbin (Debian gstreamer1.0-plugins-bad and friends,
/// python3-gst-1.0, interop/gstreamer/peer.py).
/// </summary>
[Trait("Category", "Interop")]
[Collection(InteropCollection.Name)]
public class PythonMatrixTests(InteropServer server, MatrixReport report) : IClassFixture<InteropServer>
{
    public static TheoryData<Partner, OurSide, bool, CellFeatures> Cells => MatrixCells.Of(Partner.Aiortc, Partner.GStreamer);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_MeetsThePassCriteria(Partner partner, OurSide ours, bool oursJoinsFirst, CellFeatures features)
    {
        var cell = new Cell(partner, ours, oursJoinsFirst, features);
        var stack = partner.ToString().ToLowerInvariant();
        var runner = new CellRunner(server.Server, options => Task.FromResult<IPartnerPeer>(PythonPartner.Start(stack, server.Server, options)));

        var outcome = await runner.RunAsync(cell);

        report.Record(outcome);
        Assert.True(outcome.Passed, $"{cell}:\n{string.Join('\n', outcome.Problems)}");
    }
}
