namespace Tandem.Interop.Tests.Matrix;

/// <summary>Every matrix class shares one report, written when the last of them is done.</summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<MatrixReport>
{
    public const string Name = "Interop matrix";
}
