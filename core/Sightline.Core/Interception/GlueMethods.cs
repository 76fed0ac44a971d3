using System.Reflection;

namespace Sightline.Core.Interception;

/// <summary>The handlers generated for one intercepted method, as the patch engine takes them.</summary>
/// <param name="Prefix">Runs before the original.</param>
/// <param name="Postfix">Runs after it returned.</param>
/// <param name="Finalizer">Runs when it threw (and, for async targets, restores the caller's activity).</param>
/// <param name="Describe">Names the interceptor method behind a handler, for failure reports.</param>
internal sealed record GlueMethods(MethodInfo? Prefix, MethodInfo? Postfix, MethodInfo? Finalizer, Func<MethodInfo, MethodInfo> Describe);
