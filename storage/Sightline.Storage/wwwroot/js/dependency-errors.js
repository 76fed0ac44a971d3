// Error counts for dependency edges when /api/dependencies reports call counts only: the browser searches the
// error traces of each called service in the same window and counts failed calls (a child span with an error
// whose parent span belongs to the caller). Bounded by ERROR_TRACE_LIMIT per service; past it the count is a floor.
import * as api from './api.js';
import { isErrorSpan } from './trace-model.js';

export const ERROR_TRACE_LIMIT = 200;

/** Returns { counts: Map("parent\u0000child" → errors), partial: bool }; throws if a search fails. */
export async function countEdgeErrors(links, startUs, endUs) {
  const children = [...new Set(links.map(link => String(link.child)))];
  const searches = await Promise.all(children.map(service =>
    api.findTraces({ service, tags: { error: 'true' }, start: startUs, end: endUs, limit: ERROR_TRACE_LIMIT })));
  const counts = new Map();
  const seen = new Set();
  let partial = false;
  for (const traces of searches) {
    if (traces.length >= ERROR_TRACE_LIMIT) partial = true;
    for (const trace of traces) {
      const processes = trace.processes ?? {};
      const serviceOf = span => String(processes[span.processID]?.serviceName ?? '');
      const byId = new Map((trace.spans ?? []).map(span => [String(span.spanID), span]));
      for (const span of trace.spans ?? []) {
        const key = `${trace.traceID}/${span.spanID}`;
        if (seen.has(key) || !isErrorSpan(span.tags)) continue;
        if (span.startTime < startUs || span.startTime > endUs) continue;
        seen.add(key);
        const parent = byId.get(String(span.references?.[0]?.spanID ?? ''));
        if (!parent) continue;
        const edge = `${serviceOf(parent)}\u0000${serviceOf(span)}`;
        counts.set(edge, (counts.get(edge) ?? 0) + 1);
      }
    }
  }
  return { counts, partial };
}
