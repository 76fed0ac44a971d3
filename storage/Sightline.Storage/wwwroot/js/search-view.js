// The search page. URL: #/search?service=&operation=&tags=&lookback=1h | start=&end= (ms) &minDuration=
// &maxDuration=&limit=&sort= — opening it runs the same search again (a lookback is relative to now).
import * as api from './api.js';
import { serviceColor } from './colors.js';
import { el, replace } from './dom.js';
import { formatDuration, formatTime, isGoDuration, parseLookback, parseTags } from './format.js';
import { scatterPlot } from './scatter-plot.js';
import { summarizeTrace } from './trace-model.js';

const LOOKBACKS = [['5m', 'Last 5 minutes'], ['15m', 'Last 15 minutes'], ['1h', 'Last hour'], ['6h', 'Last 6 hours'],
  ['12h', 'Last 12 hours'], ['1d', 'Last day'], ['2d', 'Last 2 days'], ['1w', 'Last week'], ['custom', 'Custom range']];
const SORTS = [['recent', 'Most recent'], ['longest', 'Longest first'], ['shortest', 'Shortest first'],
  ['spans', 'Most spans'], ['errors', 'Most errors']];

export async function renderSearch(container, params) {
  const form = el('form', { class: 'search-form', novalidate: true });
  const results = el('div', { class: 'results' });
  replace(container, el('div', { class: 'search-layout' }, form, results));

  let serviceNames = [];
  try {
    serviceNames = await api.services();
  } catch (error) {
    replace(results, el('div', { class: 'error-box', role: 'alert' }, `Services: ${error.message}`));
  }
  await buildForm(form, params, serviceNames);
  if (params.get('service')) await runSearch(results, params);
  else if (serviceNames.length === 0) replace(results, el('p', { class: 'muted empty' }, 'No services have sent spans yet.'));
  else replace(results, el('p', { class: 'muted empty' }, 'Choose a service and press Find Traces.'));
}

function field(label, control, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control, hint ? el('small', { class: 'muted' }, hint) : null);
}

function toLocalInput(ms) {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

async function buildForm(form, params, serviceNames) {
  const chosen = params.get('service') ?? '';
  const service = el('select', { name: 'service', required: true },
    el('option', { value: '' }, '— service —'),
    [...new Set([...serviceNames, ...(chosen ? [chosen] : [])])].map(name => el('option', { value: name, selected: name === chosen }, name)));
  const operation = el('select', { name: 'operation' }, el('option', { value: '' }, 'all operations'));
  const fillOperations = async selected => {
    replace(operation, el('option', { value: '' }, 'all operations'));
    if (!service.value) return;
    try {
      const names = await api.operations(service.value);
      for (const name of [...names].sort()) operation.appendChild(el('option', { value: name, selected: name === selected }, name));
      if (selected && !names.includes(selected)) operation.appendChild(el('option', { value: selected, selected: true }, selected));
    } catch (error) {
      operation.appendChild(el('option', { value: '', disabled: true }, `(${error.message})`));
    }
  };
  service.addEventListener('change', () => fillOperations(''));
  await fillOperations(params.get('operation') ?? '');

  const lookbackValue = params.get('start') || params.get('end') ? 'custom' : (params.get('lookback') ?? '1h');
  const lookback = el('select', { name: 'lookback' }, LOOKBACKS.map(([value, text]) => el('option', { value, selected: value === lookbackValue }, text)));
  const start = el('input', { type: 'datetime-local', name: 'start', value: toLocalInput(Number(params.get('start'))) });
  const end = el('input', { type: 'datetime-local', name: 'end', value: toLocalInput(Number(params.get('end'))) });
  const range = el('div', { class: 'custom-range', hidden: lookbackValue !== 'custom' }, field('From', start), field('To', end));
  lookback.addEventListener('change', () => { range.hidden = lookback.value !== 'custom'; });

  const tags = el('input', { type: 'text', name: 'tags', placeholder: 'http.status_code=500 error=true', value: params.get('tags') ?? '' });
  const minDuration = el('input', { type: 'text', name: 'minDuration', placeholder: 'e.g. 100ms', value: params.get('minDuration') ?? '' });
  const maxDuration = el('input', { type: 'text', name: 'maxDuration', placeholder: 'e.g. 1.5s', value: params.get('maxDuration') ?? '' });
  const limit = el('input', { type: 'number', name: 'limit', min: '1', max: '1500', value: params.get('limit') ?? '20' });
  const problem = el('div', { class: 'form-error', role: 'alert', hidden: true });

  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams();
    const fail = message => { problem.hidden = false; replace(problem, message); };
    if (!service.value) return fail('Choose a service.');
    query.set('service', service.value);
    if (operation.value) query.set('operation', operation.value);
    try {
      if (tags.value.trim()) { parseTags(tags.value); query.set('tags', tags.value.trim()); }
    } catch (error) {
      return fail(error.message);
    }
    if (lookback.value === 'custom') {
      const from = Date.parse(start.value);
      const to = Date.parse(end.value);
      if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return fail('A custom range needs a start before its end.');
      query.set('start', String(from));
      query.set('end', String(to));
    } else {
      query.set('lookback', lookback.value);
    }
    for (const [input, name] of [[minDuration, 'min duration'], [maxDuration, 'max duration']]) {
      if (input.value.trim() && !isGoDuration(input.value)) return fail(`The ${name} "${input.value}" is not a duration such as 100ms, 1.5s or 250us.`);
      if (input.value.trim()) query.set(input.name, input.value.trim());
    }
    const count = Number(limit.value);
    if (limit.value && (!Number.isInteger(count) || count < 1)) return fail('The limit is a whole number from 1.');
    if (limit.value) query.set('limit', String(count));
    problem.hidden = true;
    const target = `#/search?${query}`;
    // The same URL twice does not fire hashchange; search again explicitly then.
    if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = target;
  });

  replace(form,
    el('h2', {}, 'Search'),
    field('Service', service), field('Operation', operation),
    field('Tags', tags, 'logfmt: key=value, quote values with spaces'),
    field('Lookback', lookback), range,
    el('div', { class: 'row-2' }, field('Min duration', minDuration), field('Max duration', maxDuration)),
    field('Limit results', limit),
    problem,
    el('button', { type: 'submit', class: 'primary find-traces' }, 'Find Traces'));
}

function queryFrom(params) {
  const nowUs = Date.now() * 1000;
  const query = {
    service: params.get('service'),
    operation: params.get('operation') || undefined,
    minDuration: params.get('minDuration') || undefined,
    maxDuration: params.get('maxDuration') || undefined,
    limit: params.get('limit') || 20,
  };
  if (params.get('tags')) query.tags = parseTags(params.get('tags'));
  if (params.get('start') || params.get('end')) {
    query.start = Number(params.get('start')) * 1000;
    query.end = Number(params.get('end')) * 1000;
  } else {
    const lookbackMs = parseLookback(params.get('lookback') ?? '1h');
    query.end = nowUs;
    query.start = nowUs - (Number.isFinite(lookbackMs) ? lookbackMs : 3_600_000) * 1000;
    query.lookback = params.get('lookback') ?? '1h';
  }
  return query;
}

async function runSearch(results, params) {
  replace(results, el('p', { class: 'loading' }, 'Searching…'));
  let traces;
  try {
    traces = await api.findTraces(queryFrom(params));
  } catch (error) {
    replace(results, el('div', { class: 'error-box', role: 'alert' }, `Search failed: ${error.message}`));
    return;
  }
  const summaries = traces.map(summarizeTrace);
  const sort = params.get('sort') ?? 'recent';
  const order = {
    recent: (a, b) => b.start - a.start,
    longest: (a, b) => b.duration - a.duration,
    shortest: (a, b) => a.duration - b.duration,
    spans: (a, b) => b.spanCount - a.spanCount,
    errors: (a, b) => b.errorCount - a.errorCount,
  }[sort] ?? ((a, b) => b.start - a.start);
  summaries.sort(order);

  const open = traceId => { location.hash = `#/trace/${encodeURIComponent(traceId)}`; };
  const sortSelect = el('select', { class: 'sort', 'aria-label': 'Sort results' }, SORTS.map(([value, text]) => el('option', { value, selected: value === sort }, text)));
  sortSelect.addEventListener('change', () => {
    const next = new URLSearchParams(params);
    next.set('sort', sortSelect.value);
    location.hash = `#/search?${next}`;
  });
  const maxDuration = Math.max(...summaries.map(s => s.duration), 1);
  replace(results,
    el('div', { class: 'results-head' }, el('h3', { class: 'result-count' }, `${summaries.length} trace${summaries.length === 1 ? '' : 's'}`), sortSelect),
    scatterPlot(summaries, open),
    summaries.length === 0 ? el('p', { class: 'muted empty' }, 'No traces match.') : null,
    el('ol', { class: 'result-list' }, summaries.map(summary => resultItem(summary, maxDuration))),
    summaries.length > 0 ? el('p', { class: 'muted scale-note' }, `Bars share one scale: 0 to ${formatDuration(maxDuration)}.`) : null);
}

function resultItem(summary, maxDuration) {
  return el('li', { class: 'result', dataset: { traceId: summary.traceId } },
    el('a', { class: 'result-link', href: `#/trace/${encodeURIComponent(summary.traceId)}` },
      el('div', { class: 'result-title' },
        el('span', {}, el('span', { class: 'root-service' }, summary.rootService), ': ',
          el('span', { class: 'root-operation' }, summary.rootOperation)),
        el('span', { class: 'trace-id muted' }, ` ${summary.traceId.slice(0, 16)}`),
        summary.rootMissing ? el('span', { class: 'badge badge-missing', title: 'the root span never arrived; the earliest span stands in' }, 'root missing') : null,
        el('span', { class: 'result-duration' }, formatDuration(summary.duration))),
      el('div', { class: 'duration-track' },
        el('div', { class: 'duration-bar', style: `width:${Math.max((summary.duration / maxDuration) * 100, 0.5)}%` })),
      el('div', { class: 'result-facts' },
        el('span', { class: 'span-count' }, `${summary.spanCount} span${summary.spanCount === 1 ? '' : 's'}`),
        summary.errorCount > 0 ? el('span', { class: 'badge badge-error error-count' }, `${summary.errorCount} error${summary.errorCount === 1 ? '' : 's'}`) : null,
        el('span', { class: 'services' }, summary.services.map(s => el('span', { class: 'service-chip', style: `border-color:${serviceColor(s.name)}` }, `${s.name} (${s.count})`))),
        el('span', { class: 'start muted' }, formatTime(summary.start)))));
}
