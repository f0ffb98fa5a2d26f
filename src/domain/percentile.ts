import { argsort } from "./argsort.ts";

/**
 * Mid-rank percentiles across the book: (values below + (equal values − 1) / 2) / (count − 1),
 * so ties share one percentile, the lowest distinct value is 0 and the highest is 1.
 * NaN marks a missing value; it gets the book's median percentile instead.
 * `count` = values present.
 */
export type Percentiles = { pct: Float64Array; missing: Uint8Array; medianPct: number; count: number };

export function percentiles(values: Float64Array): Percentiles {
  const n = values.length;
  const order = argsort(values);
  const m = order.length;
  const pct = new Float64Array(n);
  const missing = new Uint8Array(n);
  let medianPct = 0.5;
  for (let start = 0; start < m; ) {
    const v = values[order[start]!]!;
    let end = start + 1;
    while (end < m && values[order[end]!] === v) end++;
    const p = m <= 1 ? 0.5 : (start + (end - start - 1) / 2) / (m - 1);
    for (let k = start; k < end; k++) pct[order[k]!] = p;
    // The median element(s) sit at (m-1)>>1 and m>>1; average their percentiles.
    const lowMid = (m - 1) >> 1;
    const highMid = m >> 1;
    if (start <= lowMid && lowMid < end) medianPct = highMid < end ? p : p / 2;
    else if (start <= highMid && highMid < end) medianPct += p / 2;
    start = end;
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) {
      pct[i] = medianPct;
      missing[i] = 1;
    }
  }
  return { pct, missing, medianPct, count: m };
}
