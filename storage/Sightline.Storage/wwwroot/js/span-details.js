// The details of one span, opened under its row in the waterfall: kind, status, tags, process, logs, references.
import { el } from './dom.js';
import { formatDuration, formatTime } from './format.js';

/** Renders a tag's value as text; objects and arrays as JSON. */
export function valueText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function keyValueTable(className, rows) {
  if (rows.length === 0) return el('p', { class: 'muted' }, 'none');
  return el('table', { class: `kv ${className}` },
    el('tbody', {}, rows.map(row => el('tr', {},
      el('th', { scope: 'row' }, valueText(row.key)),
      el('td', { class: 'value' }, valueText(row.value)),
      row.type ? el('td', { class: 'type muted' }, valueText(row.type)) : null))));
}

function section(title, className, ...content) {
  return el('section', { class: `detail-section ${className}` }, el('h4', {}, title), ...content);
}

/** Builds the details panel; `onSelect(spanId)` jumps to a referenced span in the same trace. */
export function spanDetails(span, model, onSelect) {
  const offset = span.start - model.start;
  const critical = span.criticalSegments.reduce((sum, [a, b]) => sum + (b - a), 0);
  const parentText = span.declaredParentId === null
    ? 'none (root span)'
    : span.missingParent
      ? `${span.declaredParentId} (never arrived; shown under ${span.parent ? `${span.parent.service}: ${span.parent.operation}` : 'the trace root'})`
      : span.declaredParentId;

  const status = span.statusCode === undefined ? (span.error ? 'ERROR (error=true)' : 'UNSET') : valueText(span.statusCode);
  const overview = [
    { key: 'Service', value: span.service },
    { key: 'Operation', value: span.operation },
    { key: 'Kind', value: span.kind || 'unspecified' },
    { key: 'Status', value: span.statusMessage === undefined ? status : `${status}: ${valueText(span.statusMessage)}` },
    { key: 'Span ID', value: span.id },
    { key: 'Parent', value: parentText },
    { key: 'Start', value: `${formatTime(span.start)} (+${formatDuration(offset)})` },
    { key: 'Duration', value: formatDuration(span.duration) },
    { key: 'On critical path', value: critical > 0 ? formatDuration(critical) : 'no' },
  ];

  const logs = span.logs.length === 0
    ? el('p', { class: 'muted' }, 'none')
    : el('ol', { class: 'logs' }, span.logs.map(log => el('li', {},
      el('div', { class: 'log-time' }, `+${formatDuration((Number(log.timestamp) || 0) - model.start)}`),
      keyValueTable('log-fields', log.fields ?? []))));

  const references = span.references.length === 0
    ? el('p', { class: 'muted' }, 'none')
    : el('ul', { class: 'references' }, span.references.map(reference => {
      const target = model.byId.get(String(reference.spanID ?? ''));
      const label = `${valueText(reference.refType)} ${valueText(reference.spanID)}`;
      return el('li', {}, target
        ? el('button', { type: 'button', class: 'link', onclick: () => onSelect(target.id) }, `${label} → ${target.service}: ${target.operation}`)
        : `${label} (not in this trace)`);
    }));

  const warnings = Array.isArray(span.raw.warnings) && span.raw.warnings.length > 0
    ? section('Warnings', 'warnings', el('ul', {}, span.raw.warnings.map(w => el('li', {}, valueText(w)))))
    : null;

  return el('div', { class: 'span-details', dataset: { spanId: span.id } },
    section('Span', 'overview', keyValueTable('overview-table', overview)),
    section('Tags', 'tags', keyValueTable('tags-table', span.tags)),
    section('Process', 'process',
      el('p', {}, `service.name = ${span.service}`),
      keyValueTable('process-table', span.process?.tags ?? [])),
    section(`Logs / events (${span.logs.length})`, 'logs-section', logs),
    section('References', 'refs', references),
    warnings);
}
