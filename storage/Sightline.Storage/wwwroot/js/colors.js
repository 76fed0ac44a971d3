// One colour per service name, the same in every view (a hash, not the order of appearance).

const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2',
  '#17becf', '#bcbd22', '#7f7f7f', '#3b5bdb', '#e8590c', '#087f5b',
];

export function serviceColor(service) {
  let hash = 0;
  for (const char of String(service)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}
