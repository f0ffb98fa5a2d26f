import type {
  Account,
  IsoDate,
  Order,
  SurveyAnswer,
  Tier,
  TierOverride,
  Visit,
  VisitType,
} from "../../domain/types.ts";
import type { RawRecord } from "../../feishu/bitable.ts";
import { decodeRecord, type FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import { COMPUTED_KEYS, type ComputedKey } from "./account-fields.ts";

/**
 * Bitable rows → domain inputs. A cell the codec cannot read is handed on in a form the domain's
 * checks reject with their own problem code (text in 金额 → NaN → amount_invalid, "明年" in a date
 * field → since_invalid), so every rule and message about bad data lives in one place: the domain.
 */

export type AccountRecord = {
  recordId: string;
  /** Trimmed 客户编号; "" when missing. */
  code: string;
  account: Account;
  /** What the computed cells hold now (empty cells left out). */
  held: Partial<Record<ComputedKey, FieldValue>>;
};

type Decoded = {
  values: Record<string, FieldValue>;
  bad: ReadonlySet<string>;
  raw: Record<string, unknown>;
};

const NONE: ReadonlySet<string> = new Set();

function decode(fields: readonly FieldTemplate[], rec: RawRecord, tz: string): Decoded {
  const { values, problems } = decodeRecord(fields, rec.fields, { tz });
  if (problems.length === 0) return { values, bad: NONE, raw: {} };
  const raw: Record<string, unknown> = {};
  for (const p of problems) raw[p.key] = rec.fields[p.field];
  return { values, bad: new Set(problems.map((p) => p.key)), raw };
}

function text(d: Decoded, key: string): string | undefined {
  const v = d.values[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/** A rating or amount: NaN when the cell holds something that is not a number. */
function numberOf(d: Decoded, key: string): number | undefined {
  if (d.bad.has(key)) return Number.NaN;
  const v = d.values[key];
  return typeof v === "number" ? v : undefined;
}

/** A day, or the cell's unreadable text (which the domain reports as an invalid date). */
function dayOf(d: Decoded, key: string): IsoDate | undefined {
  if (d.bad.has(key)) return String(d.raw[key] ?? "");
  const v = d.values[key];
  return typeof v === "string" ? v : undefined;
}

function first(d: Decoded, key: string): string | undefined {
  const v = d.values[key];
  return Array.isArray(v) && v.length ? v[0] : undefined;
}

/**
 * `intern` shares one string among the rows that repeat it (owners, industries, regions): 100,000
 * accounts name a few hundred of each.
 */
export function accountFromRecord(
  fields: readonly FieldTemplate[],
  rec: RawRecord,
  tz: string,
  intern: (text: string) => string = (t) => t,
): AccountRecord {
  const d = decode(fields, rec, tz);
  const code = text(d, "code") ?? "";
  const account: Account = { id: code, recordId: rec.record_id, name: text(d, "name") ?? "" };
  const shared = (value: string | undefined) => (value === undefined ? undefined : intern(value));
  const optional: Partial<Account> = {
    ownerId: shared(first(d, "owner")),
    industry: shared(text(d, "industry")),
    region: shared(text(d, "region")),
    since: dayOf(d, "since"),
    strategicFit: numberOf(d, "strategicFit"),
    potential: numberOf(d, "potential"),
    chatId: text(d, "chatId"),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(account, { [k]: v });
  const pinned = text(d, "tierOverride");
  if (pinned) {
    const override: TierOverride = { tier: pinned as Tier, reason: text(d, "overrideReason") ?? "" };
    const until = dayOf(d, "overrideUntil");
    if (until !== undefined) override.until = until;
    account.override = override;
  }
  // Empty cells are left out: the diff reads a missing cell as empty.
  const held: AccountRecord["held"] = {};
  for (const key of COMPUTED_KEYS) {
    const value = d.values[key];
    if (value !== undefined && value !== null && value !== "") held[key] = value;
  }
  return { recordId: rec.record_id, code, account, held };
}

/** What decoding an order, visit or answer needs beyond the record. */
export type ActivityContext = {
  tz: string;
  /** Account record id → account code, for rows that name their account only through the link. */
  codeOfRecord: ReadonlyMap<string, string>;
  /** One string object per distinct account code and day: a million orders name a few thousand of each. */
  intern(text: string): string;
};

export function createInterner(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined) return hit;
    seen.set(text, text);
    return text;
  };
}

/** The account an order, visit or answer belongs to: 客户编号, else the linked account row's code. */
function accountCodeOf(d: Decoded, ctx: ActivityContext): string {
  const linked = first(d, "account");
  return ctx.intern(text(d, "accountCode") ?? (linked ? (ctx.codeOfRecord.get(linked) ?? "") : ""));
}

function activityDay(d: Decoded, ctx: ActivityContext): IsoDate {
  return ctx.intern(dayOf(d, "date") ?? "");
}

export function orderFromRecord(
  fields: readonly FieldTemplate[],
  rec: RawRecord,
  ctx: ActivityContext,
): Order {
  const d = decode(fields, rec, ctx.tz);
  const order: Order = {
    id: text(d, "orderId") ?? rec.record_id,
    accountId: accountCodeOf(d, ctx),
    date: activityDay(d, ctx),
    // An empty 金额 is as unusable as text in it.
    amount: numberOf(d, "amount") ?? Number.NaN,
  };
  const margin = numberOf(d, "margin");
  if (margin !== undefined) order.margin = margin;
  return order;
}

const VISIT_TYPES: Record<string, VisitType> = {
  电话: "phone",
  上门: "onsite",
  高层拜访: "executive",
  线上会议: "online",
};

export function visitFromRecord(
  fields: readonly FieldTemplate[],
  rec: RawRecord,
  ctx: ActivityContext,
): Visit {
  const d = decode(fields, rec, ctx.tz);
  const type = text(d, "type") ?? "";
  const visitor = first(d, "visitor");
  // Every field in one literal: objects of one shape, no property added later (200,000 of them).
  return {
    id: rec.record_id,
    accountId: accountCodeOf(d, ctx),
    date: activityDay(d, ctx),
    // An unknown type is passed on as it is: the domain reports it as visit_invalid.
    type: VISIT_TYPES[type] ?? (type as VisitType),
    visitorId: visitor ? ctx.intern(visitor) : undefined,
  };
}

export function surveyFromRecord(
  fields: readonly FieldTemplate[],
  rec: RawRecord,
  ctx: ActivityContext,
): SurveyAnswer {
  const d = decode(fields, rec, ctx.tz);
  const score = (key: string) => numberOf(d, key) ?? Number.NaN;
  const answer: SurveyAnswer = {
    id: text(d, "answerId") ?? rec.record_id,
    accountId: accountCodeOf(d, ctx),
    date: activityDay(d, ctx),
    overall: score("overall"),
    product: score("product"),
    service: score("service"),
    responsiveness: score("responsiveness"),
    nps: score("nps"),
  };
  const contact = first(d, "contact");
  if (contact) answer.contactId = contact;
  const comment = text(d, "comment");
  if (comment) answer.comment = comment;
  return answer;
}
