namespace Sightline.Samples.Tests.Infrastructure;

/// <summary>The test classes that share one running shop.</summary>
[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "Shop";
}
