using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Benchmarks.Plugins;

// Last result (2026-11-24, AMD EPYC 2.1 GHz, 2 cores, .NET 10.0.12, `--job short --inProcess`, load average ~12):
// | Method                | Mean      | Allocated |
// | ExactNamesOnly        |  39.4 us  | 48 KB     |  17 plugins naming their types
// | ExactAndScanningRules | 18.2 ms   | 19 MB     |  + prefix, hierarchy and method-attribute rules over 5,000 types

/// <summary>
/// Evaluating every rule against a 5,000-type assembly as it loads: twenty plugins, of which most name their types
/// exactly (looked up, not scanned), and a few scan (prefix, hierarchy, method attribute), as a realistic agent does.
/// The assembly is written to disk once and loaded like any library, since the engine skips dynamic assemblies.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int TypeCount = 5_000;
    private Assembly _assembly = null!;
    private PluginMatcher _exactOnly = null!;
    private PluginMatcher _mixed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sightline-bench-5000-{Environment.ProcessId}.dll");
        WriteAssembly(path);
        _assembly = new AssemblyLoadContext("bench-rules").LoadFromAssemblyPath(path);
        var exact = Enumerable.Range(0, 17).Select(i => (SightlinePlugin)new RulesPlugin($"exact-{i}", ClassMatch.Name($"Bench.Generated.Type{i * 250}"))).ToList();
        var scanning = new SightlinePlugin[]
        {
            new RulesPlugin("prefix", ClassMatch.Prefix("Bench.Generated.Type499")),
            new RulesPlugin("hierarchy", ClassMatch.DerivesFrom("Bench.Generated.Type0")),
            new RulesPlugin("method-attribute", ClassMatch.HasMethodWithAttribute("System.ObsoleteAttribute")),
        };
        _exactOnly = new PluginMatcher(exact, PluginOptions.Default, new DecisionLog());
        _mixed = new PluginMatcher([.. exact, .. scanning], PluginOptions.Default, new DecisionLog());
    }

    [Benchmark(Baseline = true)]
    public int ExactNamesOnly() => _exactOnly.Match(_assembly).Count;

    [Benchmark]
    public int ExactAndScanningRules() => _mixed.Match(_assembly).Count;

    private static void WriteAssembly(string path)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Bench.Generated"), typeof(object).Assembly);
        var module = builder.DefineDynamicModule("Bench.Generated");
        var obsolete = new CustomAttributeBuilder(typeof(ObsoleteAttribute).GetConstructor(Type.EmptyTypes)!, []);
        Type? first = null;
        for (var i = 0; i < TypeCount; i++)
        {
            // Every tenth type derives from the first, so the hierarchy rule has something to find.
            var type = module.DefineType($"Bench.Generated.Type{i}", TypeAttributes.Public | TypeAttributes.Class, i % 10 == 5 && first is not null ? first : typeof(object));
            type.DefineDefaultConstructor(MethodAttributes.Public);
            for (var m = 0; m < 4; m++)
            {
                var method = type.DefineMethod($"Method{m}", MethodAttributes.Public, typeof(int), [typeof(int)]);
                if (i % 100 == 0 && m == 0)
                {
                    method.SetCustomAttribute(obsolete);
                }

                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ret);
            }

            var created = type.CreateType();
            first ??= created;
        }

        builder.Save(path);
    }

    private sealed class RulesPlugin(string id, ClassMatch types) : SightlinePlugin
    {
        public override string Id => id;

        public override IEnumerable<Instrumentation> Instrumentations => [new Rules(types)];

        private sealed class Rules(ClassMatch types) : Instrumentation
        {
            public override ClassMatch Types => types;

            public override IEnumerable<InterceptPoint> InterceptPoints =>
                [InterceptPoint.InstanceMethods(MethodMatch.Named("Method0") & MethodMatch.ParameterCount(1), typeof(NoInterceptor))];
        }
    }

    private sealed class NoInterceptor : IMethodInterceptor
    {
        public void BeforeMethod(MethodInvocation invocation)
        {
        }

        public void AfterMethod(MethodInvocation invocation)
        {
        }

        public void OnException(MethodInvocation invocation, Exception exception)
        {
        }
    }
}
