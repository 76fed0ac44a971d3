using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Sightline.Benchmarks.Agent;

// Latest (2026-11-25, 16:20-17:30 UTC, load 1-2.6, the bare app 175-225 ms). After be2775e and e53b28e (start-up
// allocations 2.27 -> 1.0 MB, no GC in the app's start any more; the engine's own x86 decoder instead of Iced) and
// 357a137 (the comment-only sightline.json read without System.Text.Json): this benchmark, medians of 10, four runs in
// the hour, Sightline / OpenTelemetry added +13.6 / +16.1, +52.6 / +58.2, +47.4 / +83.2, +44.4 / +49.6 ms (its blocks
// of one case after another catch the VM drifting: the None block 176-194 ms). Interleaved +14.6 / +37.8 ms, CPU added
// +51.1 / +35.1 ms; with a busy loop pinned to one core +45.1 / +40.2 ms (CPU +61.1 / +36.5), a python harness
// +48.1 / +46.5 ms (+58.3 before these changes). Goal: met with free cores; at its edge with one core taken.
// Before (2026-11-25, 15:15-15:45 UTC, load 1-3, a fast VM: the bare app answers in ~190 ms). After 56597ac (the
// thread stop yields its core while it waits), 6d9adff (the default sightline.json as comments) and 7ad429b (the first
// patches wait for the JIT hook only): this benchmark, medians of 10, None 191.5, Sightline 215.8 (+24.3),
// OpenTelemetry 229.7 ms (+38.2); an earlier run's means None 189.6, Sightline 233.0 (+43.4, stddev 17),
// OpenTelemetry 224.7 (+35.1). Interleaved +10.6 / +41.2 and +14.7 / +38.9 ms (Sightline / OpenTelemetry), CPU added
// +61.7 / +41.1 and +64.5 / +38.9 ms. With a busy loop pinned to one of the two cores: interleaved +52.4 / +51.0 ms
// (CPU added +66.7 / +39.0), a python harness +72.3 / +49.0: when cores are scarce the agent's CPU, not its waits,
// sets its cost. Goal: met with free cores, not with one core taken.
// Before (2026-11-25, 13:30-13:59 UTC, load 1-2.7): a fast VM, the bare app answers in ~150 ms. After 2439c45 (bridge
// and meter after the application's start, no glue warm-up write in the host start): this benchmark None 168.7,
// Sightline 202.2 (+33.5), OpenTelemetry 188.3 ms (+19.6), medians of 10; interleaved +22.1 / +35.0 and +20.0 / +33.9 ms
// (Sightline / OpenTelemetry); before it (a489a32) interleaved +41.9 / +37.5 and +32.5 / +34.5 ms.
// Before (2026-11-25, 11:37-12:54 UTC, load ~1, at 4355b71/e175d40; docs/performance.md has the whole record). The VM's
// speed moved the bare start from ~285 to ~450-500 ms within the hour. Fast: interleaved +16.1, +19.2, +19.0 ms.
// Slow: interleaved +45.9, +59.8, +42.9, +27.5; three-way Sightline/OpenTelemetry +70.3/+95.6 and +55.3/+115.5 ms;
// this benchmark (16 warm-up starts) None 482.8, Sightline 554.5 (+71.7), OpenTelemetry 615.2 ms (+132.4).
// With one warm-up start this benchmark read +38.5 to +58.2 ms in the fast minutes: the runner's own JIT and tier-up
// took 50-150 ms of CPU per start from the app's two cores during its first ~15 starts.
// Goal (< 50 ms): met at the speed the perf anchors were taken at, not when the VM runs 1.6 x slower.
// Before (2026-11-25, 06:33-06:59 UTC, load 1.3-3.3), after the agent log's EventSource bridge moved behind the first
// patches (9b75e7b: enabling the source built its events' metadata by reflection, ~19 ms of CPU on the warm-up thread
// before the engine's warm-up): BenchmarkDotNet +34.4, +52.0, +46.0, +30.8, +30.7, +73.8 ms (medians of 10; the last
// run's none block ran 257 ms, 20-40 ms faster than in any other run), +44.2 ms just before the change.
// `-- startup-interleaved 20`, the two builds alternated run by run: before +36.8, +43.0 ms; after +27.8, +20.6 ms.
// The host's wait at Build() (debug line), six starts each: 19-34 ms before, 7-27 ms after.
// Then the pipeline's meter published after the first patches too (0d00793, ~7 ms of CPU): BenchmarkDotNet +57.0,
// +53.1 ms (07:38-07:41, load 2.5-3.8); interleaved +100.9 (max 696 ms, a bad minute), +13.2, +30.9 ms.
// Goal (< 50 ms): NOT reliably met. Interleaved runs are mostly under it; BenchmarkDotNet runs one block of starts,
// then the other, and gives 31-74 ms.
// Before that (2026-11-25, 00:32-01:16 UTC, load 1.1-2.5, at dc05827 and 34de0ff: exporters created at the first batch,
// plugins without expression trees): five BenchmarkDotNet runs +43.9, +59.2, +57.0, +53.7, +46.5 ms (medians of 10,
// none 286.8-306.3 ms, sightline 338.1-365.3 ms). In these runs the host waited 21-42 ms when it began to build (debug
// line), against 0-16 ms under the other harnesses: the agent's start (~70 ms on 'Sightline.Start') is the same, the
// app reaches Build() sooner. The other harnesses the same minutes: `-- startup-interleaved` +12.4 to +30.0 ms, a python
// script in blocks +33.5 to +55.3 ms. Goal (< 50 ms): not reliably met; see docs/performance.md for the breakdown.
// Before (2026-11-24, 23:18-23:21 UTC, load 1.5-2.4, at 5d89318): the agent's start for apps with a generic host
// (SIGHTLINE_START_MODE=auto → host, 210869c) with the start-up JIT work cut (779beed, c6f267e, 6d8c905, 310d0e4,
// efdd9b7, 5d89318). Goal (< 50 ms added): at the goal, not reliably under it (runs 31-65 ms, most 40-50; 00:00-00:01:
// interleaved +49.0 ms (284.2 / 333.2), BenchmarkDotNet medians 302.8 / 356.9 → +54.1 ms).
//   BenchmarkDotNet, 10 cold processes each, waiting for the app's "listening on" line:
//     run 1: none median 308.1 ms, sightline median 338.7 ms → +30.6 ms (means 305.8 / 341.7)
//     run 2: none median 274.8 ms, sightline median 339.6 ms → +64.8 ms (means 273.3 / 335.5; the none block ran
//            ~30 ms faster than in every other run of the evening: BenchmarkDotNet runs one block, then the other)
//   Interleaved (none, sightline, none, ...; start → first answered request, median), the steadier measure:
//     `-- startup-interleaved 20` (InterleavedStartup, in this project): 23:23 +50.8 ms (none 270.9, sightline
//     321.7; load 2.5), 23:25 +42.0 ms (272.0 / 314.0; load 1.9).
//     By a script polling /ping every 2 ms: 23:10 +41.6 ms (12 each) · 23:11 +47.5 (15) · 23:15 +43.9 (10) ·
//     23:16 +43.0 (10, at nice -11 as BenchmarkDotNet runs it) · 23:20 +37.5 (20 each; none 260.8, sightline 298.3)
//   Where the ~40 ms go (timestamps from the process's start, median of 8): the runtime reaches the hook 8 ms later
//   than none reaches Main; the hook takes ~17 ms (10.5 of them the first DiagnosticListener, which the app's own
//   CreateBuilder then does not pay); the host waits ~8-25 ms when it begins to build (debug line "the host began to
//   build and waited"); the rest of the app's start runs as fast as without the agent.
//   The harness waited for the answer by polling /ping every 2 ms before: a failed request (an exception in this
//   process every 2 ms) took CPU from the app's second core, the one the background start uses. Polled so, the same
//   build measured +74 ms (median 300.3 vs 374.4, 23:16).
// Earlier BenchmarkDotNet run (2026-11-24 21:05 UTC, load 0.9, at db31bb1, 10 cold processes each): none median 396.6 ms
// (346-437), sightline median 551.0 ms (481-623): +154 ms, 1.39x, the same ratio as at 18:16 and 14:00. Goal NOT met:
// the evening's start-up changes (below) do not show in a quiet run.
// Start-up work of 2026-11-24 evening (a19410c, 6d37e4a, 50ab731; not yet run with BenchmarkDotNet, machine busy):
// - the thread-stop code is copied from precomputed bytes (its Iced assembly lives in the Patching tests, which hold
//   the two equal): ThreadStop.Install 18-26 ms CPU → ~1.3 ms;
// - PrepareHookPath is precompiled, only its two unmanaged calls JIT-compiled: JIT hook install CPU 12-16 → 7-9 ms;
// - the agent log's EventSource bridge (~10-12 ms CPU: enabling the sources builds their manifests) is created on
//   'Sightline.WarmUp' instead of on the readiness point's path;
// - the runtime is its own assembly, Sightline.Agent.Runtime: Sightline.Agent.dll loaded a second time into the
//   agent's context ran JIT-compiled (~25 methods on the app's thread and 'Sightline.Start'); now none of
//   Sightline's own agent code is JIT-compiled (1,466 → 1,434 methods JIT-compiled up to the first answer).
// By hand, interleaved (start → first answered /ping, median; "before" = 98a63ee; every run of the evening, busy VM,
// other engineers' builds and tests running):
//   load 6.9-6.2   none 448 ms   before 769 ms (+321)   after 764 ms (+316)   15 each (a19410c alone: 675, +227)
//   load 5.7-4.1   none 308 ms   before 457 ms (+149)   after 437 ms (+129)   25 each
//   load 6.1-5.9   none 367 ms   before 552 ms (+185)   after 565 ms (+198)   20 each
//   load 5.6-6.7   none 380 ms   before 615 ms (+236)   after 583 ms (+203)   20 each
//   load 8.3-6.4   none 427 ms   before 737 ms (+309)   after 667 ms (+239)   25 each
//   load 4.5-3.3   none 443 ms   before 599 ms (+156)   after 573 ms (+130)   25 each
//   load 3.1-4.5   none 472 ms   before 673 ms (+201)   after 648 ms (+176)   25 each
// Debug start-up lines (12 each, load ~5): readiness ("plugins applied") 179 → 142 ms after the agent's start; the
// app's thread waits for it in the Microsoft.Extensions.Logging load 107 → 59 ms (timing build, load ~5).
// Goal (< 50 ms) NOT met. What is left before the readiness point, CPU per step (timing build, load ~5-7):
// 'Sightline.Start' exporters ~3.5 ms, buffer + tracer ~7 ms, interception warm-up ~32 ms (glue emitter's first use
// ~20, the throw-away patch ~10-20), then activation; 'Sightline.WarmUp' log bridge ~12, engine install ~10, engine
// warm-up ~40 (in parallel, but it competes for the 2 cores and for the same first-use locks as the interception
// warm-up); the app's thread before Main: options, log and plugin loading (plugins loaded ~45-60 ms after the
// agent's start under load), matching; after readiness: the app's own first patches (Hosting ~20 ms, Kestrel.Core
// ~16 ms under load) and the matching of every later load (~0.1-0.2 ms each, ~70 loads).
// BenchmarkDotNet after the background start (2026-11-24 18:16 UTC, load 1.3 falling, at 20b5197, 10 cold processes
// each): none median 461.5 ms (431-504), sightline median 639.8 ms (572-717): +178 ms, 1.39x. The VM ran ~60 % slower
// than at 14:00 (none 286 ms then; same binaries of the app): as a ratio this is the 14:00 run's 1.42x. Goal NOT met.
// An earlier run at 18:02 (load 1.2, right after other benchmarks) gave 453.8 vs 676.4 ms, bimodal (Q1 517 ms).
// Background start (d66cad6, 960b97a; SIGHTLINE_SYNCHRONOUS_START=true keeps the old one): before Main only the
// options, the load context, the plugins (their types now found from metadata, so System.Net.Http is no longer
// loaded by them) and the matching of the assemblies already loaded; tracer, buffer, glue builder and one throw-away
// patch are warmed on 'Sightline.Start' while Main runs, and a thread loading an assembly with methods to intercept
// waits inside that load for this readiness point (nothing matched ever runs untraced). By hand, interleaved
// (tests/Assets/AgentTargetApp Release, dotnet app.dll → first answered /ping, median; "before" = 8fbdb35):
//   load 2.2   none 270 ms   before 395 ms (+125)   after 386 ms (+116)   after, synchronous 388 ms (+118)   12 each
//   load 6.3   none 412 ms   before 654 ms (+243)   after 650 ms (+239)   after, synchronous 669 ms (+258)   20 each
// Goal (< 50 ms) NOT met. The hook now returns after ~45 ms (quiet), but in an ASP.NET Core app the first assembly
// with methods to intercept (Microsoft.Extensions.Logging) loads ~5 ms into Main, so the app's thread waits there
// for the readiness point, whose critical path is the patch engine's install on 'Sightline.WarmUp' (~70 ms quiet:
// JIT hook ~20 ms, thread-stop code ~45 ms, which assembles its signal handler with Iced, likely most of it).
// Debug start-up lines, quiet: hook returns at 43-49 ms, patch engine ready at 72-82 ms, readiness at 81-91 ms,
// first interception 9 ms later. Next: the thread-stop code without Iced (precomputed bytes), the double load of
// Sightline.Agent.dll, the matching of every later load on the app's thread.
// Quiet re-run (2026-11-24 14:00 UTC, load average 1.2 falling, at b2b07d3, 10 cold processes each):
//   none       median 286.2 ms (mean 286.0 ms, StdDev 15.2 ms)
//   sightline  median 406.0 ms (mean 410.5 ms, StdDev 24.7 ms)   → ~120 ms added: goal < 50 ms NOT met (was ~227 ms).
// Before:
//   run (2026-11-24, load < 1, published ReadyToRun agent with its 12 plugins, 10 cold processes each):
//   none       median 526.8 ms (mean 498.5 ms, StdDev 72.0 ms)
//   sightline  median 753.5 ms (mean 756.5 ms, StdDev 36.0 ms)   → ~227 ms added: goal < 50 ms NOT met.
// Since then (commits 6fa80a4..75c9904): the patch engine and the plugins are ReadyToRun too (JIT-compiled methods
// at start 1,937 → 1,524, of them Sightline's own 477 → 87; without the agent 862), and the engine's install and
// warm-up run on the 'Sightline.WarmUp' thread while the plugins load. Not yet re-run quietly; by hand on a loaded
// machine (2 cores, other builds running; same app and script, none/before/after interleaved, 20 cold starts each,
// start → first answered /ping, median; process CPU until then, median):
//   load 8-12   none 400 ms (CPU 318)   before 645 ms (CPU 576): +245   after 631 ms (CPU 544): +231 ms
//   load 7-9    none 374 ms (CPU 322)   before 659 ms (CPU 565): +285   after 645 ms (CPU 548): +271 ms (at 31dffc6)
//   load 5.6    none 266 ms             before 449 ms: +183             after 390 ms: +125 ms (10 each, at 31dffc6)
// ("before" is the agent of 9e42ee9; "after" also holds the tracing and plugin commits made meanwhile.) Under such
// load a background thread gains little (no free core), so the quiet run is the one to judge by. Still on the main
// thread (agent debug log 'start-up:' line, and a sampled trace): options ~20 ms, plugin loading ~40 ms, matching
// ~40 ms, glue building ~50 ms and patching ~50 ms, then the JIT of framework generics instantiated over the
// agent's types (ReadyToRun cannot hold them) and of Sightline.Agent's own runtime code: loaded a second time, into
// the agent's load context, its ReadyToRun code is not used.

/// <summary>
/// Start-up to the first answered request of a small ASP.NET Core app (tests/Assets/AgentTargetApp, Release), started
/// as users start it (<c>dotnet app.dll</c>), without and with the agent's published (ReadyToRun) distribution and
/// all its bundled plugins. Goal: under 50 ms added (the OpenTelemetry SDK with its ASP.NET Core and HttpClient
/// instrumentation adds about 100 ms to such an app on these machines, ../shared/research/perf-anchors.md).
/// Each iteration is one cold process; the median of 10 is the number to read. BenchmarkDotNet runs all of one case,
/// then the other, so a drift of the machine between the two blocks shows as a difference: the interleaved run
/// (<see cref="InterleavedStartup"/>, <c>-- startup-interleaved</c>) alternates them.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: StartupProbe.HarnessWarmUpStarts, iterationCount: 10, invocationCount: 1)]
[MedianColumn]
[MinColumn]
[MaxColumn]
public class StartupBenchmarks
{
    private StartupProbe _probe = null!;

    [Params(StartupCase.None, StartupCase.Sightline, StartupCase.OpenTelemetry)]
    public StartupCase Agent { get; set; } = StartupCase.None;

    [GlobalSetup]
    public void Publish() => _probe = StartupProbe.Prepare();

    [GlobalCleanup]
    public void Cleanup() => _probe.Dispose();

    [Benchmark(Description = "start to first answered request")]
    public Task FirstAnsweredRequest() => _probe.FirstAnswerAsync(Agent);
}
