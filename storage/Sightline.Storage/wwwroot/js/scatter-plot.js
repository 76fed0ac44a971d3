// Duration against start time for the search results; a dot opens its trace, red dots hold errors.
import { el, svg } from './dom.js';
import { formatDuration, formatTime } from './format.js';

const WIDTH = 900;
const HEIGHT = 180;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

export function scatterPlot(summaries, open) {
  if (summaries.length === 0) return null;
  const minStart = Math.min(...summaries.map(s => s.start));
  const maxStart = Math.max(...summaries.map(s => s.start));
  const maxDuration = Math.max(...summaries.map(s => s.duration), 1);
  const spanX = Math.max(maxStart - minStart, 1);
  const x = start => PAD.left + ((start - minStart) / spanX) * (WIDTH - PAD.left - PAD.right);
  const y = duration => HEIGHT - PAD.bottom - (duration / maxDuration) * (HEIGHT - PAD.top - PAD.bottom);

  const axes = [
    svg('line', { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom, class: 'axis' }),
    svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom, class: 'axis' }),
    svg('text', { x: PAD.left - 6, y: PAD.top + 10, 'text-anchor': 'end', class: 'axis-label' }, formatDuration(maxDuration)),
    svg('text', { x: PAD.left - 6, y: HEIGHT - PAD.bottom, 'text-anchor': 'end', class: 'axis-label' }, '0'),
    svg('text', { x: PAD.left, y: HEIGHT - 8, class: 'axis-label' }, formatTime(minStart)),
    svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 8, 'text-anchor': 'end', class: 'axis-label' }, formatTime(maxStart)),
  ];
  const dots = summaries.map(summary => {
    const radius = Math.min(4 + Math.sqrt(summary.spanCount), 12);
    return svg('circle', {
      cx: x(summary.start).toFixed(1), cy: y(summary.duration).toFixed(1), r: radius.toFixed(1),
      class: summary.errorCount > 0 ? 'dot dot-error' : 'dot', tabindex: '0',
      dataset: { traceId: summary.traceId },
      onclick: () => open(summary.traceId),
      onkeydown: event => { if (event.key === 'Enter') open(summary.traceId); },
    }, svg('title', {}, `${summary.rootService}: ${summary.rootOperation} — ${formatDuration(summary.duration)}, ${summary.spanCount} spans, ${summary.errorCount} errors`));
  });
  return el('figure', { class: 'scatter' },
    svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Trace duration against start time', class: 'scatter-plot' }, axes, dots),
    el('figcaption', { class: 'muted' }, 'Duration against start time; larger dots have more spans, red dots have errors.'));
}
