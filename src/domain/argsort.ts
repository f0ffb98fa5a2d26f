/**
 * Positions of the non-NaN values, in ascending order of value (ties keep
 * position order). An LSD radix sort over the IEEE-754 bits, 8 bits per pass:
 * a comparison sort plus a binary search per account cost ~5× more at
 * 100,000 accounts, and this runs for every score factor.
 */
export function argsort(values: Float64Array): Uint32Array {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) m++;

  // Sortable keys: flip all bits of negatives, only the sign bit of the rest.
  const one = new Float64Array([1]);
  const oneBits = new Uint32Array(one.buffer);
  const hiWord = oneBits[1] === 0x3ff00000 ? 1 : 0;
  let lo = new Uint32Array(m);
  let hi = new Uint32Array(m);
  let idx = new Uint32Array(m);
  for (let i = 0, k = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    one[0] = v === 0 ? 0 : v; // -0 sorts with 0
    const h = oneBits[hiWord]!;
    const l = oneBits[1 - hiWord]!;
    const negative = h >>> 31 === 1;
    hi[k] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[k] = negative ? ~l >>> 0 : l;
    idx[k++] = i;
  }

  let lo2 = new Uint32Array(m);
  let hi2 = new Uint32Array(m);
  let idx2 = new Uint32Array(m);
  const count = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const source = pass < 4 ? lo : hi;
    const shift = (pass % 4) * 8;
    count.fill(0);
    for (let k = 0; k < m; k++) count[(source[k]! >>> shift) & 0xff]!++;
    if (count[(source[0]! >>> shift) & 0xff] === m) continue; // every key has this digit
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const to = count[(source[k]! >>> shift) & 0xff]!++;
      lo2[to] = lo[k]!;
      hi2[to] = hi[k]!;
      idx2[to] = idx[k]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
