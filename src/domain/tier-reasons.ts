import type { TierMethod } from "./policy.ts";
import type { Tier } from "./types.ts";

/** How the final tier came about, for the reason text. */
export type TierMove =
  | { kind: "new" | "same" | "up"; raw: Tier }
  | { kind: "hold"; previous: Tier; periods: number }
  | { kind: "down"; previous: Tier; raw: Tier; periods: number }
  | { kind: "downMargin"; previous: Tier; raw: Tier; marginPct: number }
  | { kind: "lapsed"; previous: Tier; raw: Tier }
  | { kind: "pinned"; tier: Tier; why: string };

export type Standing = {
  windowMonths: number;
  method: TierMethod;
  spendCents: number;
  /** 1-based place in the book and the book's size. */
  place: number;
  bookSize: number;
  /** Share of window spend held by this account and all above it. */
  cumulativeShare: number;
};

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

function standingWords(s: Standing): string {
  const window = `近${s.windowMonths}个月`;
  if (s.spendCents <= 0) return `${window}无采购`;
  const place = `${window}采购额排名前 ${pct(s.place / s.bookSize)}`;
  return s.method === "cumulative" ? `${place}（累计占比 ${pct(s.cumulativeShare)}）` : place;
}

const VERB = { new: "定为", same: "保持", up: "升为", lapsed: "降为" } as const;

const KINDS = ["new", "same", "up", "hold", "down", "downMargin", "lapsed"] as const;
const TIER_INDEX: Record<Tier, number> = { A: 0, B: 1, C: 2 };

/**
 * A memo for one classification run (window, method and margin are fixed
 * within a run, so they are not in the key): a book of 100,000 accounts has only a
 * few thousand distinct reasons (the rank is shown to 0.1 %), and building
 * each string anew is most of classify's garbage.
 */
export type ReasonMemo = Map<number, string>;

/** The memo key: every input the text depends on, except pins, which carry free text. */
function reasonKey(move: TierMove, s: Standing): number | undefined {
  if (move.kind === "pinned") return undefined;
  const kind = KINDS.indexOf(move.kind);
  const first = TIER_INDEX["raw" in move ? move.raw : move.previous];
  const second = "previous" in move ? TIER_INDEX[move.previous] : 3;
  const periods = "periods" in move ? move.periods : 0;
  if (!(periods >= 0 && periods < 64)) return undefined;
  const place = s.spendCents > 0 ? Math.round((s.place / s.bookSize) * 1000) : 1001;
  const share = Math.round(s.cumulativeShare * 1000);
  return ((((kind * 4 + first) * 4 + second) * 64 + periods) * 1002 + place) * 1001 + share;
}

export function tierReasonMemo(move: TierMove, standing: Standing, memo: ReasonMemo): string {
  const key = reasonKey(move, standing);
  if (key === undefined) return tierReason(move, standing);
  let text = memo.get(key);
  if (text === undefined) {
    text = tierReason(move, standing);
    memo.set(key, text);
  }
  return text;
}

/** E.g. "近12个月采购额排名前 3.1%，升为 A 类" or "连续 1 期低于 A 类档位，暂保持 A 类". */
export function tierReason(move: TierMove, standing: Standing): string {
  switch (move.kind) {
    case "pinned":
      return move.why ? `手动锁定为 ${move.tier} 类：${move.why}` : `手动锁定为 ${move.tier} 类`;
    case "hold":
      return `连续 ${move.periods} 期低于 ${move.previous} 类档位，暂保持 ${move.previous} 类`;
    case "down":
      return `${standingWords(standing)}，连续 ${move.periods} 期低于 ${move.previous} 类档位，降为 ${move.raw} 类`;
    case "downMargin":
      return `${standingWords(standing)}，低于 ${move.previous} 类档位超过 ${pct(move.marginPct)}，降为 ${move.raw} 类`;
    default:
      return `${standingWords(standing)}，${VERB[move.kind]} ${move.raw} 类`;
  }
}
