// The trace page: header, root-cause hint, and the waterfall with its collapsible span tree.
// URL: #/trace/<traceId>?span=<spanId>&collapsed=<id>,<id> reproduces the open span and the folded subtrees.
import * as api from './api.js';
import { serviceColor } from './colors.js';
import { el, replace } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { spanDetails } from './span-details.js';
import { buildTraceModel } from './trace-model.js';

export async function renderTrace(container, traceId, params) {
  replace(container, el('p', { class: 'loading' }, `Loading trace ${traceId}…`));
  let raw;
  try {
    raw = await api.trace(traceId);
  } catch (error) {
    replace(container, el('div', { class: 'error-box', role: 'alert' }, `Trace ${traceId}: ${error.message}`));
    return;
  }
  const model = buildTraceModel(raw);
  const state = {
    selected: params.get('span') || null,
    collapsed: new Set((params.get('collapsed') ?? '').split(',').filter(Boolean)),
  };
  const waterfall = el('div', { class: 'waterfall', role: 'tree' });

  const saveUrl = () => {
    const query = new URLSearchParams();
    if (state.selected) query.set('span', state.selected);
    if (state.collapsed.size > 0) query.set('collapsed', [...state.collapsed].join(','));
    const suffix = query.size > 0 ? `?${query}` : '';
    // replaceState does not fire hashchange, so the page is not rebuilt for a click inside it.
    history.replaceState(null, '', `#/trace/${encodeURIComponent(traceId)}${suffix}`);
  };
  let rows = new Map();
  const redraw = () => { rows = drawRows(waterfall, model, state, select); };
  const toggle = id => {
    if (state.collapsed.has(id)) state.collapsed.delete(id);
    else state.collapsed.add(id);
    saveUrl();
    redraw();
  };
  // A click on a row toggles its details; links (root cause, references) always open them.
  const select = (id, open = false) => {
    const previous = state.selected;
    state.selected = previous === id && !open ? null : id;
    // A span inside a folded subtree is unfolded, which needs a full redraw; otherwise only two rows change,
    // so selecting a span stays quick in a trace of thousands.
    let unfolded = false;
    for (let span = model.byId.get(id)?.parent; span; span = span.parent) unfolded = state.collapsed.delete(span.id) || unfolded;
    saveUrl();
    if (unfolded) {
      redraw();
    } else {
      waterfall.querySelector('.span-details')?.remove();
      markSelected(rows.get(previous), false);
      const row = rows.get(state.selected);
      const span = model.byId.get(state.selected);
      if (row && span) {
        markSelected(row, true);
        row.after(spanDetails(span, model, target => select(target, true)));
      }
    }
    rows.get(state.selected)?.scrollIntoView({ block: 'nearest' });
  };

  // One listener for all rows instead of two per row: a trace of thousands of spans draws faster.
  waterfall.addEventListener('click', event => {
    const rowElement = event.target.closest('.span-row');
    if (!rowElement) return;
    if (event.target.closest('.toggle')) toggle(rowElement.dataset.spanId);
    else select(rowElement.dataset.spanId);
  });
  waterfall.addEventListener('keydown', event => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target.classList.contains('span-row')) {
      event.preventDefault();
      select(event.target.dataset.spanId);
    }
  });

  replace(container, header(model, raw, select), waterfall);
  redraw();
}

function header(model, raw, select) {
  const download = () => {
    const blob = new Blob([JSON.stringify(raw, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: `trace-${model.traceId}.json` });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const rootCause = model.rootCause;
  return el('header', { class: 'trace-header' },
    el('h2', { class: 'trace-title' },
      model.root ? `${model.root.service}: ${model.root.operation}` : 'empty trace',
      el('span', { class: 'trace-id muted' }, ` ${model.traceId}`)),
    el('dl', { class: 'facts' },
      fact('Start', formatTime(model.start)),
      fact('Duration', formatDuration(model.duration)),
      fact('Services', String(model.services.length)),
      fact('Depth', String(model.maxDepth + 1)),
      fact('Spans', String(model.spans.length)),
      fact('Errors', String(model.errors.length))),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'download-json', onclick: download }, 'Download JSON'),
      el('a', { class: 'raw-json', href: `/api/traces/${encodeURIComponent(model.traceId)}`, target: '_blank' }, 'Raw JSON')),
    rootCause
      ? el('div', { class: 'root-cause', role: 'note' },
        el('strong', {}, 'Likely root cause: '),
        el('button', { type: 'button', class: 'link root-cause-link', onclick: () => select(rootCause.id, true) },
          `${rootCause.service}: ${rootCause.operation}`),
        rootCause.statusMessage === undefined ? null : el('span', { class: 'root-cause-message' }, ` — ${rootCause.statusMessage}`),
        el('span', { class: 'muted' }, ` (the deepest of ${model.errors.length} error span${model.errors.length === 1 ? '' : 's'})`))
      : null,
    model.missingParents.length > 0
      ? el('div', { class: 'missing-note', role: 'note' },
        `${model.missingParents.length === 1 ? '1 span whose parent never arrived is' : `${model.missingParents.length} spans whose parents never arrived are`} `
        + 'shown under the nearest known ancestor or the trace root, marked "parent missing".')
      : null,
    model.warnings.length > 0 ? el('ul', { class: 'warnings' }, model.warnings.map(w => el('li', {}, String(w)))) : null,
    el('div', { class: 'legend' }, model.services.map(service =>
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch', style: `background:${serviceColor(service)}` }), service))),
    el('p', { class: 'legend-note muted' }, 'The dark line inside a bar marks its share of the critical path.'));
}

function markSelected(row, selected) {
  if (!row) return;
  row.classList.toggle('selected', selected);
  row.setAttribute('aria-selected', String(selected));
}

function fact(name, value) {
  return [el('dt', {}, name), el('dd', {}, value)];
}

function percent(value, model) {
  return model.duration > 0 ? ((value - model.start) / model.duration) * 100 : 0;
}

function drawRows(waterfall, model, state, select) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => el('span', { class: 'tick', style: `left:${f * 100}%` }, formatDuration(model.duration * f)));
  const rows = [el('div', { class: 'waterfall-head' }, el('div', { class: 'name-col' }, 'Service: operation'), el('div', { class: 'time-col' }, ticks))];
  const hidden = new Set();
  const byId = new Map();
  for (const span of model.spans) {
    if (span.parent && (hidden.has(span.parent) || state.collapsed.has(span.parent.id))) {
      hidden.add(span);
      continue;
    }
    const element = row(span, model, state);
    if (!byId.has(span.id)) byId.set(span.id, element);
    rows.push(element);
    if (state.selected === span.id) rows.push(spanDetails(span, model, target => select(target, true)));
  }
  replace(waterfall, rows);
  return byId;
}

function row(span, model, state) {
  const color = serviceColor(span.service);
  const folded = state.collapsed.has(span.id);
  const left = percent(span.start, model);
  const width = Math.max(model.duration > 0 ? (span.duration / model.duration) * 100 : 100, 0.2);
  const classes = ['span-row'];
  if (span.error) classes.push('error');
  if (span.missingParent) classes.push('missing-parent');
  if (span === model.rootCause) classes.push('root-cause-span');
  if (span.criticalSegments.length > 0) classes.push('critical');
  if (state.selected === span.id) classes.push('selected');

  const toggle = span.children.length > 0
    ? el('button', { type: 'button', class: 'toggle', 'aria-expanded': String(!folded), title: folded ? 'Expand' : 'Collapse' },
      folded ? `▸ ${span.children.length}` : '▾')
    : el('span', { class: 'toggle-spacer' });

  const segments = span.criticalSegments.map(([from, to]) => el('div', {
    class: 'critical-segment',
    style: `left:${percent(from, model)}%;width:${Math.max(percent(to, model) - percent(from, model), 0.1)}%`,
  }));

  return el('div', {
    class: classes.join(' '), role: 'treeitem', tabindex: '0', 'aria-selected': String(state.selected === span.id),
    dataset: { spanId: span.id },
  },
  el('div', { class: 'name-col', style: `padding-left:${span.depth * 14}px` },
    toggle,
    el('span', { class: 'service-mark', style: `background:${color}` }),
    el('span', { class: 'service' }, span.service),
    el('span', { class: 'operation' }, span.operation),
    span.error ? el('span', { class: 'badge badge-error', title: 'error span' }, 'error') : null,
    span === model.rootCause ? el('span', { class: 'badge badge-root-cause' }, 'likely root cause') : null,
    span.missingParent ? el('span', { class: 'badge badge-missing', title: `parent ${span.declaredParentId ?? ''} never arrived` }, 'parent missing') : null),
  el('div', { class: 'time-col' },
    el('div', { class: 'bar', style: `left:${left}%;width:${width}%;background:${color}` }),
    segments,
    el('span', { class: 'bar-label', style: labelPlace(left, width) }, formatDuration(span.duration))));
}

// The duration sits after the bar, or before it when the bar reaches the right edge, or inside a full-width bar.
function labelPlace(left, width) {
  if (left + width <= 85) return `left:${left + width}%`;
  if (left >= 12) return `left:${left}%;transform:translateX(calc(-100% - 8px))`;
  return `left:${left + width}%;transform:translateX(calc(-100% - 8px));color:#1d2430`;
}
