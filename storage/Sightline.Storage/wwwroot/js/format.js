// Formatting of the Jaeger JSON model's units: times are microseconds since the epoch, durations microseconds.

/** 1234 µs → "1.23ms"; keeps three significant digits. */
export function formatDuration(us) {
  if (!Number.isFinite(us)) return '?';
  if (us < 1000) return `${round(us)}µs`;
  if (us < 1_000_000) return `${round(us / 1000)}ms`;
  if (us < 60_000_000) return `${round(us / 1_000_000)}s`;
  return `${round(us / 60_000_000)}min`;
}

function round(value) {
  return Number(value.toPrecision(3)).toString();
}

/** µs since the epoch → local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatTime(us) {
  const date = new Date(us / 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** "1h", "30m", "2d", "90s", "1w" → milliseconds, or NaN. */
export function parseLookback(text) {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(String(text ?? '').trim());
  if (!match) return NaN;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2]];
  return Number(match[1]) * unit;
}

/** A Go-style duration the query API accepts ("100ms", "1.5s", "250us"): true when well formed. */
export function isGoDuration(text) {
  return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(String(text).trim());
}

/** logfmt "a=1 b=\"x y\"" → { a: "1", b: "x y" }; throws with a message on bad input. */
export function parseTags(text) {
  const tags = {};
  const source = String(text ?? '').trim();
  const pattern = /\s*([^\s=]+)=("((?:[^"\\]|\\.)*)"|[^\s"]*)\s*/y;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new Error(`Cannot read tags at "${source.slice(index)}": use key=value, quote values with spaces.`);
    tags[match[1]] = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2];
    index = pattern.lastIndex;
  }
  return tags;
}
