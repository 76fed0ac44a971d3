// The service dependency graph. URL: #/dependencies?lookback=1d[&end=<ms>] reproduces it.
// Edges carry call counts and, when the server reports errorCount, the error rate.
import * as api from './api.js';
import { serviceColor } from './colors.js';
import { el, replace, svg } from './dom.js';
import { countEdgeErrors, ERROR_TRACE_LIMIT } from './dependency-errors.js';
import { formatTime, parseLookback } from './format.js';

const LOOKBACKS = [['1h', 'Last hour'], ['6h', 'Last 6 hours'], ['1d', 'Last day'], ['2d', 'Last 2 days'], ['1w', 'Last week']];
const NODE_W = 170;
const NODE_H = 36;
const COL_GAP = 190;
const ROW_GAP = 30;

export async function renderDependencies(container, params) {
  const lookback = params.get('lookback') ?? '1d';
  const endMs = Number(params.get('end')) || Date.now();
  const lookbackMs = parseLookback(lookback);
  const choose = el('select', { name: 'lookback', 'aria-label': 'Time range' },
    LOOKBACKS.map(([value, text]) => el('option', { value, selected: value === lookback }, text)));
  choose.addEventListener('change', () => {
    const next = new URLSearchParams(params);
    next.set('lookback', choose.value);
    location.hash = `#/dependencies?${next}`;
  });
  const body = el('div', { class: 'dependency-body' }, el('p', { class: 'loading' }, 'Loading dependencies…'));
  replace(container,
    el('header', { class: 'dependency-header' }, el('h2', {}, 'Service dependencies'), choose,
      el('span', { class: 'muted' }, ` until ${formatTime(endMs * 1000)}`)),
    body);
  if (!Number.isFinite(lookbackMs)) {
    replace(body, el('div', { class: 'error-box', role: 'alert' }, `Unknown time range "${lookback}".`));
    return;
  }
  let links;
  try {
    links = await api.dependencies(endMs, lookbackMs);
  } catch (error) {
    replace(body, el('div', { class: 'error-box', role: 'alert' }, `Dependencies: ${error.message}`));
    return;
  }
  if (links.length === 0) {
    replace(body, el('p', { class: 'muted empty' }, 'No calls between services in this time range.'));
    return;
  }
  // Prefer the server's errorCount; without it, count failed calls from the window's error traces.
  let note = null;
  if (!links.some(link => typeof link.errorCount === 'number')) {
    try {
      const { counts, partial } = await countEdgeErrors(links, (endMs - lookbackMs) * 1000, endMs * 1000);
      links = links.map(link => ({ ...link, errorCount: Math.min(counts.get(`${link.parent}\u0000${link.child}`) ?? 0, link.callCount) }));
      note = `Error counts are computed in the browser from the error traces of this time range${partial ? ` (at most ${ERROR_TRACE_LIMIT} per service, so they are lower bounds)` : ''}: the server reports call counts only.`;
    } catch (error) {
      note = `Error rates are not shown: the server reports call counts only, and searching the error traces failed (${error.message}).`;
    }
  }
  const hasErrors = links.some(link => typeof link.errorCount === 'number');
  replace(body, graph(links, hasErrors), table(links, hasErrors), note ? el('p', { class: 'muted error-note' }, note) : null);
}

function errorRate(link) {
  return link.callCount > 0 ? (link.errorCount ?? 0) / link.callCount : 0;
}

function edgeLabel(link, hasErrors) {
  const calls = `${link.callCount} call${link.callCount === 1 ? '' : 's'}`;
  return hasErrors ? `${calls} · ${(errorRate(link) * 100).toFixed(1)}% errors` : calls;
}

// Columns by longest path from the callers nobody calls; a cycle stops growing after as many rounds as nodes.
function layers(nodes, links) {
  const level = new Map(nodes.map(n => [n, 0]));
  for (let round = 0; round < nodes.length; round++) {
    let changed = false;
    for (const link of links) {
      if (link.parent === link.child) continue;
      const wanted = level.get(link.parent) + 1;
      if (wanted > level.get(link.child) && wanted < nodes.length) { level.set(link.child, wanted); changed = true; }
    }
    if (!changed) break;
  }
  return level;
}

function graph(links, hasErrors) {
  const nodes = [...new Set(links.flatMap(link => [String(link.parent), String(link.child)]))].sort();
  const level = layers(nodes, links);
  const columns = new Map();
  for (const node of nodes) {
    const column = level.get(node);
    if (!columns.has(column)) columns.set(column, []);
    columns.get(column).push(node);
  }
  const position = new Map();
  for (const [column, members] of columns) {
    members.forEach((node, row) => position.set(node, { x: 20 + column * (NODE_W + COL_GAP), y: 30 + row * (NODE_H + ROW_GAP) }));
  }
  const width = 40 + (Math.max(...columns.keys()) + 1) * (NODE_W + COL_GAP);
  const height = 60 + Math.max(...[...columns.values()].map(c => c.length)) * (NODE_H + ROW_GAP);
  const maxCalls = Math.max(...links.map(link => link.callCount), 1);

  const edges = links.map(link => {
    const from = position.get(String(link.parent));
    const to = position.get(String(link.child));
    const rate = errorRate(link);
    const stroke = Math.max(1.5, 1 + 4 * Math.log10(1 + link.callCount) / Math.log10(1 + maxCalls));
    let path;
    let label;
    if (from === to) {
      path = `M${from.x + NODE_W - 30},${from.y} c 10,-40 50,-40 30,0`;
      label = { x: from.x + NODE_W - 10, y: from.y - 22 };
    } else {
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const bend = Math.max(Math.abs(x2 - x1) / 2, 60);
      path = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
      label = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6 };
    }
    return svg('g', { class: rate > 0 ? 'edge edge-error' : 'edge', dataset: { parent: String(link.parent), child: String(link.child) } },
      svg('path', { d: path, 'stroke-width': stroke.toFixed(1), 'marker-end': rate > 0 ? 'url(#arrow-error)' : 'url(#arrow)' }),
      svg('text', { x: label.x, y: label.y, 'text-anchor': 'middle', class: 'edge-label' }, edgeLabel(link, hasErrors)),
      svg('title', {}, `${link.parent} → ${link.child}: ${edgeLabel(link, hasErrors)}`));
  });
  const boxes = nodes.map(node => {
    const { x, y } = position.get(node);
    return svg('g', { class: 'node', dataset: { service: node } },
      svg('rect', { x, y, width: NODE_W, height: NODE_H, rx: 6, style: `stroke:${serviceColor(node)}` }),
      svg('text', { x: x + NODE_W / 2, y: y + NODE_H / 2 + 5, 'text-anchor': 'middle' }, node.length > 22 ? `${node.slice(0, 21)}…` : node),
      svg('title', {}, node));
  });
  const marker = (id, cls) => svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
  return el('div', { class: 'graph-wrap' },
    svg('svg', { class: 'dependency-graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Service dependency graph' },
      svg('defs', {}, marker('arrow', 'arrow'), marker('arrow-error', 'arrow arrow-error')), edges, boxes));
}

function table(links, hasErrors) {
  const sorted = [...links].sort((a, b) => b.callCount - a.callCount);
  return el('table', { class: 'dependency-table' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Caller'), el('th', {}, 'Callee'), el('th', {}, 'Calls'), el('th', {}, 'Errors'), el('th', {}, 'Error rate'))),
    el('tbody', {}, sorted.map(link => el('tr', { class: errorRate(link) > 0 ? 'has-errors' : '' },
      el('td', { class: 'caller' }, String(link.parent)),
      el('td', { class: 'callee' }, String(link.child)),
      el('td', { class: 'calls' }, String(link.callCount)),
      el('td', { class: 'errors' }, hasErrors ? String(link.errorCount ?? 0) : 'n/a'),
      el('td', { class: 'error-rate' }, hasErrors ? `${(errorRate(link) * 100).toFixed(1)}%` : 'n/a')))));
}
