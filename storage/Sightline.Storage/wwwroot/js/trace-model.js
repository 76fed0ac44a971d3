// Turns one trace in the Jaeger JSON model into what the views draw: a span tree (spans whose parent never
// arrived hang under the root, marked), the critical path, the error spans and the likely root cause.
// Pure functions only, no DOM.

/** The value of a tag, or undefined. */
export function tagValue(tags, key) {
  const tag = (tags ?? []).find(t => t.key === key);
  return tag === undefined ? undefined : tag.value;
}

/** A span is an error when its status is ERROR or it carries error=true, as Jaeger's OTLP mapping writes. */
export function isErrorSpan(tags) {
  const error = tagValue(tags, 'error');
  if (error === true || error === 'true') return true;
  return String(tagValue(tags, 'otel.status_code') ?? '').toUpperCase() === 'ERROR';
}

function toSpan(raw, processes) {
  const tags = Array.isArray(raw.tags) ? raw.tags : [];
  const references = Array.isArray(raw.references) ? raw.references : [];
  const process = processes[raw.processID] ?? raw.process ?? null;
  const start = Number(raw.startTime) || 0;
  const duration = Math.max(0, Number(raw.duration) || 0);
  return {
    raw,
    id: String(raw.spanID ?? ''),
    operation: String(raw.operationName ?? ''),
    service: String(process?.serviceName ?? 'unknown service'),
    process,
    tags,
    logs: Array.isArray(raw.logs) ? raw.logs : [],
    references,
    kind: String(tagValue(tags, 'span.kind') ?? ''),
    statusCode: tagValue(tags, 'otel.status_code'),
    statusMessage: tagValue(tags, 'otel.status_description'),
    error: isErrorSpan(tags),
    start,
    duration,
    end: start + duration,
    declaredParentId: references.length > 0 ? String(references[0].spanID ?? '') : null,
    parent: null,
    children: [],
    depth: 0,
    missingParent: false,
    criticalSegments: [],
  };
}

/** Builds the tree and every derived fact; `trace` is one element of /api/traces data. */
export function buildTraceModel(trace) {
  const processes = trace?.processes ?? {};
  const spans = (trace?.spans ?? []).map(raw => toSpan(raw, processes));
  const byId = new Map();
  for (const span of spans) if (!byId.has(span.id)) byId.set(span.id, span);

  // CHILD_OF first, then any other reference that points at a span we have: the nearest known ancestor.
  const topLevel = [];
  const orphans = [];
  for (const span of spans) {
    if (span.references.length === 0) {
      topLevel.push(span);
      continue;
    }
    const ordered = [...span.references].sort((a, b) => rank(a) - rank(b));
    const known = ordered.map(r => byId.get(String(r.spanID ?? ''))).find(p => p !== undefined && p !== span);
    if (known) span.parent = known;
    else orphans.push(span);
  }

  const byStart = (a, b) => a.start - b.start || a.id.localeCompare(b.id);
  let root = [...topLevel].sort(byStart)[0];
  if (root === undefined && spans.length > 0) {
    // The root itself never arrived: the earliest span stands in for it.
    root = [...(orphans.length > 0 ? orphans : spans)].sort(byStart)[0];
    root.parent = null;
    root.missingParent = root.references.length > 0;
    topLevel.push(root);
  }
  for (const orphan of orphans) {
    if (orphan === root) continue;
    orphan.parent = root;
    orphan.missingParent = true;
  }
  for (const span of spans) if (span.parent) span.parent.children.push(span);

  // Anything the walk from the top does not reach sits in a reference cycle: re-attach it under the root.
  const tops = [...topLevel].sort(byStart);
  const reached = new Set(walk(tops, byStart));
  for (const span of spans) {
    if (reached.has(span)) continue;
    span.parent?.children.splice(span.parent.children.indexOf(span), 1);
    span.parent = root;
    span.missingParent = true;
    root.children.push(span);
    for (const found of walk([span], byStart)) reached.add(found);
  }
  const tree = walk(tops, byStart);
  for (const span of tree) span.depth = span.parent ? span.parent.depth + 1 : 0;

  const start = spans.reduce((min, s) => Math.min(min, s.start), spans.length > 0 ? Infinity : 0);
  const end = spans.reduce((max, s) => Math.max(max, s.end), spans.length > 0 ? -Infinity : 0);
  for (const top of topLevel) markCriticalPath(top, top.end);

  const errors = tree.filter(s => s.error);
  const rootCause = [...errors].sort((a, b) => b.depth - a.depth || a.start - b.start)[0] ?? null;
  const services = [];
  for (const span of tree) if (!services.includes(span.service)) services.push(span.service);

  return {
    traceId: String(trace?.traceID ?? spans[0]?.raw.traceID ?? ''),
    spans: tree,
    byId,
    root: root ?? null,
    start,
    end,
    duration: end - start,
    services,
    errors,
    rootCause,
    missingParents: tree.filter(s => s.missingParent),
    maxDepth: tree.reduce((max, s) => Math.max(max, s.depth), 0),
    warnings: Array.isArray(trace?.warnings) ? trace.warnings : [],
  };
}

// Depth-first, children by start time, without recursion (a deep trace must not overflow the stack).
function walk(tops, order) {
  const out = [];
  const seen = new Set();
  const stack = [...tops].reverse();
  while (stack.length > 0) {
    const current = stack.pop();
    if (seen.has(current)) continue;
    seen.add(current);
    out.push(current);
    current.children.sort(order);
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
  return out;
}

function rank(reference) {
  return reference.refType === 'CHILD_OF' ? 0 : 1;
}

// Jaeger's critical path: from the end of a span walk back through the child that finished last before the
// cursor; the time no child covers belongs to the span itself. Iterative over the stack of pending spans.
function markCriticalPath(top, bound) {
  const work = [[top, bound]];
  while (work.length > 0) {
    const [span, limit] = work.pop();
    let cursor = Math.min(span.end, limit);
    const candidates = span.children.filter(c => c.start < cursor);
    while (cursor > span.start) {
      let next = null;
      for (const child of candidates) {
        if (child.start >= cursor) continue;
        if (next === null || Math.min(child.end, cursor) > Math.min(next.end, cursor)) next = child;
      }
      if (next === null) break;
      candidates.splice(candidates.indexOf(next), 1);
      const childEnd = Math.min(next.end, cursor);
      if (childEnd < cursor) span.criticalSegments.push([childEnd, cursor]);
      work.push([next, childEnd]);
      cursor = Math.max(next.start, span.start);
    }
    if (cursor > span.start || span.duration === 0) span.criticalSegments.push([span.start, Math.max(cursor, span.start)]);
  }
}

/** The one-line facts of a trace for the search results. */
export function summarizeTrace(trace) {
  const model = buildTraceModel(trace);
  const counts = new Map();
  for (const span of model.spans) counts.set(span.service, (counts.get(span.service) ?? 0) + 1);
  return {
    traceId: model.traceId,
    rootService: model.root?.service ?? '',
    rootOperation: model.root?.operation ?? '',
    rootMissing: model.root?.missingParent ?? false,
    services: [...counts.entries()].map(([name, count]) => ({ name, count })),
    spanCount: model.spans.length,
    errorCount: model.errors.length,
    start: model.start,
    duration: model.duration,
  };
}
