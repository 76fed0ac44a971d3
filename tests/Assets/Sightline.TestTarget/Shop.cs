namespace Sightline.TestTarget;

/// <summary>A small library the plugin-engine tests instrument, built as version 1 and version 2.</summary>
public class Shop : IShop
{
    public virtual int Checkout(int items) => items * 10;

    public static string Describe(string name) => "shop " + name;

    internal int Restock(int count) => count;

#if V2
    // Only version 2 has this overload: plugins use it as a witness method.
    public int Checkout(int items, string coupon) => coupon.Length > 0 ? items * 9 : items * 10;
#endif
}
