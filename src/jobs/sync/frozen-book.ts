import {
  type AccountResult,
  type BookFigures,
  type BookRows,
  bookFigures,
  resultsOf,
} from "../../domain/engine.ts";
import type { OrderRows } from "../../domain/order-stats.ts";
import type { Account, SurveyAnswer, Visit } from "../../domain/types.ts";

/**
 * The incremental path's memory of the last full computation: the book's figures (struct-of-arrays,
 * a few numbers per account; no orders). An edit re-reads only the touched accounts' rows, overwrites
 * their figures here, and reruns the book-wide steps — ranking, score percentiles, visit spreading —
 * over all accounts, which takes milliseconds to a few hundred for 100,000 accounts. The touched
 * accounts' results are then exactly what a full sync would give them. The untouched accounts may
 * shift too (a place in the ranking, a percentile, a manager's visit day); they are not written until
 * the next full sync: that is the trade-off for not reading every order.
 */
export type FrozenBook = BookFigures;

export type AccountActivity = {
  accounts: readonly Account[];
  orders: OrderRows;
  visits: readonly Visit[];
  surveys: readonly SurveyAnswer[];
};

export function freezeBook(input: BookRows): FrozenBook {
  return bookFigures(input);
}

/** Copies slot `from` of every per-account array in `src` into slot `to` of the same array in `dst`. */
function copySlot(dst: object, src: object, from: number, to: number): void {
  for (const [key, value] of Object.entries(src)) {
    const target = (dst as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value) || (Array.isArray(value) && key !== "problems" && key !== "unassigned")) {
      (target as unknown[])[to] = (value as unknown as unknown[])[from];
    }
  }
}

/**
 * Replaces the figures of the accounts in `touched` (every one of them must already be in the book).
 * Returns their positions, or undefined when one is new to the book: a full sync is needed then.
 */
export function patchBook(frozen: FrozenBook, touched: AccountActivity): number[] | undefined {
  const { accounts, stats, engagement, extra } = bookFigures({
    ...touched,
    policy: frozen.policy,
    now: frozen.now,
  });
  const positions: number[] = [];
  for (const account of accounts) {
    const at = frozen.position.get(account.id);
    if (at === undefined) return undefined;
    positions.push(at);
  }
  for (const [j, at] of positions.entries()) {
    frozen.accounts[at] = accounts[j]!;
    copySlot(frozen.stats, stats, j, at);
    copySlot(frozen.engagement, engagement, j, at);
    const orderProblems = stats.problemsByAccount.get(j);
    if (orderProblems) frozen.stats.problemsByAccount.set(at, orderProblems);
    else frozen.stats.problemsByAccount.delete(at);
    const other = extra.get(j);
    if (other) frozen.extra.set(at, other);
    else frozen.extra.delete(at);
  }
  return positions;
}

/** Results for some positions, with every book-wide step run over the whole book (as computeBook does). */
export function resultsAt(frozen: FrozenBook, positions: readonly number[]): AccountResult[] {
  return [...resultsOf(frozen, positions)];
}
