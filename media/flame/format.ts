/** Numbers as the views show them. */

export function formatValue(value: number, unit: 'us' | 'samples'): string {
  if (unit === 'samples') return `${formatCount(value)} sample${value === 1 ? '' : 's'}`;
  const ms = value / 1000;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '0%';
  const p = (100 * part) / whole;
  return p >= 10 || p === 0 ? `${p.toFixed(1)}%` : `${p.toFixed(2)}%`;
}

/** `1,234,567`. Not toLocaleString: its first call loads locale data, ~50 ms before the first paint. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `url:line:column` (1-based, as editors show it), or '' when the frame has no location. */
export function formatLocation(url: string, line: number, column: number): string {
  if (url === '') return '';
  const file = url.startsWith('file://') ? decodeURIComponentSafe(url.slice(7)) : url;
  return line >= 0 ? `${file}:${line + 1}${column >= 0 ? `:${column + 1}` : ''}` : file;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
