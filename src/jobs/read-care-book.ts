import type { CareAccount, CareContact } from "../domain/care-book.ts";
import { type CarePolicy, DEFAULT_CARE_POLICY, parseCarePolicyRows } from "../domain/care-policy.ts";
import { addDays } from "../domain/dates.ts";
import type { PolicyRow } from "../domain/policy-rows.ts";
import type { IsoDate, Tier } from "../domain/types.ts";
import { decodeRecord, type FieldValue } from "../feishu/codecs.ts";
import { startOfDayIn } from "../feishu/zoned-dates.ts";
import type { BoundBase } from "../ops/base.ts";
import type { Services } from "../services.ts";

/** The care policy as the last job read it; card actions and the write drain use it without a Bitable read. */
export const CARE_POLICY_KEY = "care:policy";

export type CareBook = {
  accounts: CareAccount[];
  contacts: CareContact[];
  policy: CarePolicy;
  policyProblems: string[];
};

type Row = { recordId: string; values: Record<string, FieldValue> };

/** Reads the given fields of a table (by template key), decoded; bad cells read as empty. */
export async function readTable(base: BoundBase, table: string, keys: string[], tz: string): Promise<Row[]> {
  const { id, template } = base.table(table);
  const fields = template.fields.filter((f) => keys.includes(f.key));
  const rows: Row[] = [];
  for await (const page of base.gw.searchPages(id, { fieldNames: fields.map((f) => f.name) })) {
    for (const rec of page)
      rows.push({ recordId: rec.record_id, values: decodeRecord(fields, rec.fields, { tz }).values });
  }
  return rows;
}

/** Accounts, contacts and the care policy: what the greetings and surveys jobs plan from. */
export async function readCareBook(services: Services): Promise<CareBook> {
  const base = await services.base();
  const tz = services.config.tz;
  const [accounts, contacts, settings] = await Promise.all([
    readTable(base, "accounts", ["code", "name", "owner", "tier", "since", "chatId"], tz),
    readTable(
      base,
      "contacts",
      ["name", "account", "title", "birthday", "birthdayCalendar", "decisionMaker"],
      tz,
    ),
    readTable(base, "policy", ["key", "value"], tz),
  ]);
  const rows: PolicyRow[] = settings.map((r) => ({
    key: text(r.values.key) ?? "",
    value: text(r.values.value) ?? "",
    rowId: r.recordId,
  }));
  const { policy, problems } = parseCarePolicyRows(rows);
  await services.ledger.set(CARE_POLICY_KEY, policy);
  return {
    accounts: accounts.flatMap(toAccount),
    contacts: contacts.flatMap(toContact),
    policy,
    policyProblems: problems.map((p) => `${p.key}: ${p.message}`),
  };
}

/** The policy the jobs last read, or the defaults before any job ran. */
export async function lastCarePolicy(services: Services): Promise<CarePolicy> {
  return (await services.ledger.get<CarePolicy>(CARE_POLICY_KEY)) ?? DEFAULT_CARE_POLICY;
}

/** The last day each contact answered a survey, looking back `days` from `today`. */
export async function readRecentAnswers(
  services: Services,
  today: IsoDate,
  days: number,
): Promise<Map<string, IsoDate>> {
  const base = await services.base();
  const { id, template } = base.table("surveys");
  const fields = template.fields.filter((f) => f.key === "contact" || f.key === "date");
  const since = startOfDayIn(addDays(today, -days - 1), services.config.tz);
  const filter = {
    conjunction: "and" as const,
    conditions: [
      {
        field_name: fields.find((f) => f.key === "date")!.name,
        operator: "isGreater" as const,
        value: ["ExactDate", String(since)],
      },
    ],
  };
  const last = new Map<string, IsoDate>();
  for await (const page of base.gw.searchPages(id, { fieldNames: fields.map((f) => f.name), filter })) {
    for (const rec of page) {
      const { values } = decodeRecord(fields, rec.fields, { tz: services.config.tz });
      const date = text(values.date);
      for (const contact of list(values.contact)) {
        if (date && (last.get(contact) ?? "") < date) last.set(contact, date);
      }
    }
  }
  return last;
}

function toAccount(r: Row): CareAccount[] {
  const code = text(r.values.code);
  if (!code) return [];
  const a: CareAccount = { recordId: r.recordId, code, name: text(r.values.name) ?? code };
  const owner = list(r.values.owner)[0];
  if (owner) a.ownerId = owner;
  const tier = text(r.values.tier);
  if (tier === "A" || tier === "B" || tier === "C") a.tier = tier as Tier;
  const since = text(r.values.since);
  if (since) a.since = since;
  const chat = text(r.values.chatId)?.trim();
  if (chat) a.chatId = chat;
  return [a];
}

function toContact(r: Row): CareContact[] {
  const name = text(r.values.name)?.trim();
  if (!name) return [];
  const c: CareContact = { recordId: r.recordId, name, decisionMaker: r.values.decisionMaker === true };
  const account = list(r.values.account)[0];
  if (account) c.accountRecordId = account;
  const title = text(r.values.title)?.trim();
  if (title) c.title = title;
  const birthday = text(r.values.birthday);
  if (birthday) c.birthday = birthday;
  const calendar = text(r.values.birthdayCalendar);
  if (calendar === "公历" || calendar === "农历") c.birthdayCalendar = calendar;
  return [c];
}

export function text(v: FieldValue | undefined): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function list(v: FieldValue | undefined): string[] {
  return Array.isArray(v) ? v : [];
}
