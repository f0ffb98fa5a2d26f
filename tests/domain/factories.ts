import { DEFAULT_POLICY, type Policy, PolicySchema } from "../../src/domain/policy.ts";
import type { Account, Order, SurveyAnswer, Visit } from "../../src/domain/types.ts";

export const NOW = "2026-11-25";

let sequence = 0;
const nextId = (prefix: string) => `${prefix}${++sequence}`;

export function anAccount(id: string, extra: Partial<Account> = {}): Account {
  return { id, name: `客户 ${id}`, ownerId: "ou_owner_1", ...extra };
}

export function anOrder(accountId: string, date: string, amount: number, extra: Partial<Order> = {}): Order {
  return { id: nextId("O"), accountId, date, amount, ...extra };
}

export function aVisit(accountId: string, date: string, type: Visit["type"] = "onsite"): Visit {
  return { id: nextId("V"), accountId, date, type };
}

export function aSurvey(accountId: string, date: string, extra: Partial<SurveyAnswer> = {}): SurveyAnswer {
  return {
    id: nextId("S"),
    accountId,
    date,
    overall: 4,
    product: 4,
    service: 4,
    responsiveness: 4,
    nps: 8,
    ...extra,
  };
}

export function accountId(i: number): string {
  return `C${String(i).padStart(4, "0")}`;
}

/** Accounts C0000… with one order each of the given spend (0 = no order), all inside the window. */
export function spendBook(
  spends: readonly number[],
  date = "2026-06-01",
): { accounts: Account[]; orders: Order[] } {
  const accounts = spends.map((_, i) => anAccount(accountId(i)));
  const orders = spends.flatMap((spend, i) => (spend > 0 ? [anOrder(accountId(i), date, spend)] : []));
  return { accounts, orders };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge(base: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object") return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
  return out;
}

export function policyWith(patch: DeepPartial<Policy>): Policy {
  return PolicySchema.parse(merge(DEFAULT_POLICY, patch));
}
