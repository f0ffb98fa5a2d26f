/**
 * A small seeded random source (sfc32) for demo data. Everything the seed
 * generator draws comes from here, so one seed gives one book, on any machine.
 */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; `weights` lines up with `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson count with mean `lambda` (Knuth; fine for the small means used here). */
  poisson(lambda: number): number;
  shuffle<T>(items: readonly T[]): T[];
};

/** 32-bit FNV-1a of a label, so each part of the book gets its own independent stream. */
export function hashLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const raw = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  // sfc32 needs a few rounds before similar seeds drift apart.
  for (let i = 0; i < 15; i++) raw();

  const random: Random = {
    next: raw,
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    between: (min, max) => min + raw() * (max - min),
    chance: (p) => raw() < p,
    pick: (items) => items[Math.floor(raw() * items.length)] as (typeof items)[number],
    weighted: (items, weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = raw() * total;
      for (const [i, w] of weights.entries()) {
        r -= w;
        if (r < 0) return items[i] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number];
    },
    normal: () => {
      const u = 1 - raw();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * raw());
    },
    poisson: (lambda) => {
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.normal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = raw();
      while (p > limit) {
        k++;
        p *= raw();
      }
      return k;
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(raw() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
  };
  return random;
}
