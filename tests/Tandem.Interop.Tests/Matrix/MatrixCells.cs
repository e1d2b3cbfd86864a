namespace Tandem.Interop.Tests.Matrix;

/// <summary>
/// Every cell: per partner, both roles in both join orders with everything on, plus one data-only cell
/// (the partner offers to our device: the order in which its SCTP INIT can beat our own) and one
/// audio-only cell (our app offers to the partner's glasses).
/// </summary>
public static class MatrixCells
{
    public static readonly IReadOnlyList<Cell> All =
    [
        .. Enum.GetValues<Partner>().SelectMany(partner => new[]
        {
            new Cell(partner, OurSide.Device, OursJoinsFirst: true, CellFeatures.Full),
            new Cell(partner, OurSide.Device, OursJoinsFirst: false, CellFeatures.Full),
            new Cell(partner, OurSide.App, OursJoinsFirst: true, CellFeatures.Full),
            new Cell(partner, OurSide.App, OursJoinsFirst: false, CellFeatures.Full),
            new Cell(partner, OurSide.Device, OursJoinsFirst: false, CellFeatures.DataOnly),
            new Cell(partner, OurSide.App, OursJoinsFirst: true, CellFeatures.AudioOnly),
        }),
    ];

    /// <summary>The cells of <paramref name="partners"/>, as theory data (partner, our side, whether we join first, features).</summary>
    public static TheoryData<Partner, OurSide, bool, CellFeatures> Of(params Partner[] partners)
    {
        var data = new TheoryData<Partner, OurSide, bool, CellFeatures>();
        foreach (var cell in All.Where(c => partners.Contains(c.Partner)))
        {
            data.Add(cell.Partner, cell.Ours, cell.OursJoinsFirst, cell.Features);
        }

        return data;
    }
}
