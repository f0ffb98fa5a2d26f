/**
 * Mid-rank percentiles across the book: (values below + (equal values − 1) / 2) / (count − 1),
 * so ties share one percentile, the lowest distinct value is 0 and the highest is 1.
 * NaN marks a missing value; it gets the book's median percentile instead.
 */
/** `count` = values present. */
export type Percentiles = { pct: Float64Array; missing: Uint8Array; medianPct: number; count: number };

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function percentiles(values: Float64Array): Percentiles {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) m++;
  const sorted = new Float64Array(m);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(values[i]!)) sorted[k++] = values[i]!;
  sorted.sort();

  // Percentile of each distinct value, stored at the first index of its run in `sorted`.
  const runPct = new Float64Array(m);
  for (let start = 0; start < m; ) {
    let end = start + 1;
    while (end < m && sorted[end] === sorted[start]) end++;
    runPct[start] = m <= 1 ? 0.5 : (start + (end - start - 1) / 2) / (m - 1);
    start = end;
  }
  const medianPct = m === 0 ? 0.5 : (pctAt(sorted, runPct, (m - 1) >> 1) + pctAt(sorted, runPct, m >> 1)) / 2;

  const pct = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      pct[i] = medianPct;
      missing[i] = 1;
    } else {
      pct[i] = runPct[lowerBound(sorted, v)]!;
    }
  }
  return { pct, missing, medianPct, count: m };
}

function pctAt(sorted: Float64Array, runPct: Float64Array, index: number): number {
  return runPct[lowerBound(sorted, sorted[index]!)]!;
}
