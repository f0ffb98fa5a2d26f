import type { VisitState } from "../../domain/cadence.ts";
import type { IsoDate, Tier } from "../../domain/types.ts";
import type { FilterCondition } from "../../feishu/bitable.ts";
import { decodeRecord, encodeFields, type FieldRef } from "../../feishu/codecs.ts";
import { startOfDayIn } from "../../feishu/zoned-dates.ts";
import type { Services } from "../../services.ts";

/**
 * The reminder side's view of the 客户 table: the fields the sync job computes (等级, 上次拜访, 下次拜访,
 * 拜访状态) plus 负责人, read as they are — the book is not recomputed here.
 */
export type BookAccount = {
  recordId: string;
  code: string;
  name: string;
  ownerId?: string;
  tier: Tier;
  lastVisit?: IsoDate;
  nextVisitDue?: IsoDate;
  visitState?: VisitState;
};

/** 拜访状态 options in the template, by domain state. */
export const VISIT_STATE_LABEL: Record<VisitState, string> = {
  ok: "正常",
  upcoming: "即将到期",
  due: "到期",
  overdue: "逾期",
  escalate: "升级",
};
const STATE_OF_LABEL = new Map(Object.entries(VISIT_STATE_LABEL).map(([k, v]) => [v, k as VisitState]));

const ACCOUNT_KEYS = ["code", "name", "owner", "tier", "lastVisit", "nextVisitDue", "visitState"] as const;
export type AccountWrite = Partial<{
  lastVisit: IsoDate;
  nextVisitDue: IsoDate;
  visitState: VisitState;
  owner: string;
}>;

export async function fieldRefs(services: Services, table: string, keys?: readonly string[]) {
  const base = await services.base();
  const t = base.table(table);
  const fields: FieldRef[] = t.template.fields.filter((f) => !keys || keys.includes(f.key));
  return {
    gw: base.gw,
    tableId: t.id,
    fields,
    name: (key: string) => fields.find((f) => f.key === key)!.name,
  };
}

function toAccount(
  recordId: string,
  raw: Record<string, unknown>,
  fields: FieldRef[],
  tz: string,
): BookAccount {
  const { values } = decodeRecord(fields, raw, { tz });
  const text = (k: string) =>
    typeof values[k] === "string" && values[k] ? (values[k] as string) : undefined;
  const owners = Array.isArray(values.owner) ? (values.owner as string[]) : [];
  const tier = text("tier");
  const state = text("visitState");
  const account: BookAccount = {
    recordId,
    code: text("code") ?? recordId,
    name: text("name") ?? text("code") ?? recordId,
    tier: tier === "A" || tier === "B" ? tier : "C",
  };
  if (owners[0]) account.ownerId = owners[0];
  if (text("lastVisit")) account.lastVisit = text("lastVisit");
  if (text("nextVisitDue")) account.nextVisitDue = text("nextVisitDue");
  const visitState = state ? STATE_OF_LABEL.get(state) : undefined;
  if (visitState) account.visitState = visitState;
  return account;
}

/**
 * Accounts needing a visit today: 拜访状态 says due, overdue or escalated, or 下次拜访 is today or earlier
 * (a state the sync has not refreshed yet). Filtered in Bitable so a large book is not read whole.
 */
export async function readDueAccounts(services: Services, today: IsoDate): Promise<BookAccount[]> {
  const { gw, tableId, fields, name } = await fieldRefs(services, "accounts", ACCOUNT_KEYS);
  const tomorrow = startOfDayIn(today, services.config.tz) + 86_400_000;
  const conditions: FilterCondition[] = [
    ...(["due", "overdue", "escalate"] as const).map(
      (s): FilterCondition => ({
        field_name: name("visitState"),
        operator: "is",
        value: [VISIT_STATE_LABEL[s]],
      }),
    ),
    { field_name: name("nextVisitDue"), operator: "isLess", value: ["ExactDate", String(tomorrow)] },
  ];
  const rows = await gw.searchAll(tableId, {
    fieldNames: fields.map((f) => f.name),
    filter: { conjunction: "or", conditions },
  });
  return rows.map((r) => toAccount(r.record_id, r.fields, fields, services.config.tz));
}

/** The account as it is now (the owner may have changed since the card was sent); undefined when deleted. */
export async function readAccount(services: Services, recordId: string): Promise<BookAccount | undefined> {
  const { gw, tableId, fields } = await fieldRefs(services, "accounts", ACCOUNT_KEYS);
  const [row] = await gw.batchGet(tableId, [recordId]);
  return row ? toAccount(row.record_id, row.fields, fields, services.config.tz) : undefined;
}

export async function writeAccount(
  services: Services,
  recordId: string,
  change: AccountWrite,
): Promise<void> {
  const { gw, tableId, fields } = await fieldRefs(services, "accounts", ACCOUNT_KEYS);
  const values: Record<string, unknown> = { ...change };
  if (change.visitState) values.visitState = VISIT_STATE_LABEL[change.visitState];
  if (change.owner) values.owner = [change.owner];
  await gw.batchUpdate(tableId, [
    { record_id: recordId, fields: encodeFields(fields, values, { tz: services.config.tz }) },
  ]);
}

/** Conditions per search: Feishu takes at most 50 in one filter group. */
const CODES_PER_SEARCH = 40;

/** The 下一步 of each account's latest visit, for the accounts named. */
export async function latestNextSteps(services: Services, codes: string[]): Promise<Map<string, string>> {
  const { gw, tableId, fields, name } = await fieldRefs(services, "visits", [
    "accountCode",
    "date",
    "nextStep",
  ]);
  const latest = new Map<string, { date: string; nextStep: string }>();
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += CODES_PER_SEARCH) {
    const chunk = unique.slice(i, i + CODES_PER_SEARCH);
    const rows = await gw.searchAll(tableId, {
      fieldNames: fields.map((f) => f.name),
      filter: {
        conjunction: "or",
        conditions: chunk.map((code) => ({ field_name: name("accountCode"), operator: "is", value: [code] })),
      },
    });
    for (const row of rows) {
      const { values } = decodeRecord(fields, row.fields, { tz: services.config.tz });
      const code = values.accountCode;
      const step = values.nextStep;
      if (typeof code !== "string" || typeof step !== "string" || !step.trim()) continue;
      const date = typeof values.date === "string" ? values.date : "";
      const seen = latest.get(code);
      if (!seen || date > seen.date) latest.set(code, { date, nextStep: step });
    }
  }
  return new Map([...latest].map(([code, v]) => [code, v.nextStep]));
}
