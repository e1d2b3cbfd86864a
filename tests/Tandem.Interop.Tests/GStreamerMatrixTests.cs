using Tandem.Interop.Tests.Matrix;
using Tandem.Interop.Tests.Partners;

namespace Tandem.Interop.Tests;

/// <summary>GStreamer webrtcbin (Debian gstreamer1.0-plugins-bad and friends, python3-gst-1.0) against our device and our app: interop/gstreamer/peer.py.</summary>
[Trait("Category", "Interop")]
[Collection(InteropCollection.Name)]
public class GStreamerMatrixTests(InteropServer server, MatrixReport report) : IClassFixture<InteropServer>
{
    public static TheoryData<OurSide, bool, CellFeatures> Cells => MatrixCells.Of(Partner.GStreamer);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_MeetsThePassCriteria(OurSide ours, bool oursJoinsFirst, CellFeatures features)
    {
        var cell = new Cell(Partner.GStreamer, ours, oursJoinsFirst, features);
        var runner = new CellRunner(server.Server, options => Task.FromResult<IPartnerPeer>(PythonPartner.Start("gstreamer", server.Server, options)));

        var outcome = await runner.RunAsync(cell);

        report.Record(outcome);
        Assert.True(outcome.Passed, $"{cell}:\n{string.Join('\n', outcome.Problems)}");
    }
}
