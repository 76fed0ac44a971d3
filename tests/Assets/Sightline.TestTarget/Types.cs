namespace Sightline.TestTarget;

public interface IShop
{
    int Checkout(int items);
}

public interface IAuditable
{
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class TracedAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class TracedMethodAttribute : Attribute
{
}

public abstract class StoreBase
{
    public abstract int Open();

    public virtual int Close() => 0;

    public int Inherited() => 1;
}

// Derives from StoreBase through a middle class, so hierarchy rules must walk the chain.
public class MiddleStore : StoreBase, IAuditable
{
    public override int Open() => 1;
}

[Traced]
public sealed class OutletStore : MiddleStore
{
    public override int Close() => 2;

    [TracedMethod]
    public async Task<int> ShipAsync(int parcels)
    {
        await Task.Yield();
        return parcels;
    }

    private void Secret()
    {
    }
}

public sealed class Ledger
{
    public Ledger(string name) => Name = name;

    public string Name { get; }

    public static Ledger Create() => new("main");
}

#if V2
public sealed class LoyaltyProgram
{
}
#endif
