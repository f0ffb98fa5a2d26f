import { escapeMarkdown } from "./escape.ts";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A yyyy-mm-dd we produced is shown as is; anything else is treated as customer text. */
export function safeDate(date: string): string {
  return ISO_DAY.test(date) ? date : escapeMarkdown(date, 20);
}

/** "2026-11-24T10:02:33" or "2026-11-24 10:02" → "11-24 10:02" (already local time). */
export function shortStamp(at: string): string {
  const m = /^\d{4}-(\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(at);
  return m ? `${m[1]} ${m[2]}` : escapeMarkdown(at, 20);
}

/** Share as a percentage with one decimal, for text and charts. */
export function percent(part: number, whole: number): number {
  if (!(whole > 0) || !Number.isFinite(part)) return 0;
  return Math.round((part / whole) * 1000) / 10;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
