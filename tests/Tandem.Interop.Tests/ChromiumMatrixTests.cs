using Tandem.Interop.Tests.Matrix;
using Tandem.Interop.Tests.Partners;
using Tandem.Testing;

namespace Tandem.Interop.Tests;

/// <summary>
/// Debian's Chromium against our device (as the server's /app page) and our app (as interop/chromium/glasses.html:
/// the fake camera sent as H.264, the fake microphone as Opus).
/// </summary>
[Trait("Category", "Interop")]
[Collection(InteropCollection.Name)]
public class ChromiumMatrixTests(InteropServer server, AppPageBrowser browser, GlassesPages pages, MatrixReport report)
    : IClassFixture<InteropServer>, IClassFixture<AppPageBrowser>, IClassFixture<GlassesPages>
{
    public static TheoryData<Partner, OurSide, bool, CellFeatures> Cells => MatrixCells.Of(Partner.Chromium);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_MeetsThePassCriteria(Partner partner, OurSide ours, bool oursJoinsFirst, CellFeatures features)
    {
        var cell = new Cell(partner, ours, oursJoinsFirst, features);
        var runner = new CellRunner(server.Server, async options => await ChromiumPartner.StartAsync(browser, pages, server.Server, options));

        var outcome = await runner.RunAsync(cell);

        report.Record(outcome);
        Assert.True(outcome.Passed, $"{cell}:\n{string.Join('\n', outcome.Problems)}");
    }
}
