using Tandem.Interop.Tests.Matrix;
using Tandem.Interop.Tests.Partners;

namespace Tandem.Interop.Tests;

/// <summary>aiortc (Debian python3-aiortc) against our device and our app: interop/aiortc/peer.py.</summary>
[Trait("Category", "Interop")]
[Collection(InteropCollection.Name)]
public class AiortcMatrixTests(InteropServer server, MatrixReport report) : IClassFixture<InteropServer>
{
    public static TheoryData<OurSide, bool, CellFeatures> Cells => MatrixCells.Of(Partner.Aiortc);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_MeetsThePassCriteria(OurSide ours, bool oursJoinsFirst, CellFeatures features)
    {
        var cell = new Cell(Partner.Aiortc, ours, oursJoinsFirst, features);
        var runner = new CellRunner(server.Server, options => Task.FromResult<IPartnerPeer>(PythonPartner.Start("aiortc", server.Server, options)));

        var outcome = await runner.RunAsync(cell);

        report.Record(outcome);
        Assert.True(outcome.Passed, $"{cell}:\n{string.Join('\n', outcome.Problems)}");
    }
}
