import type { IsoDate, Tier } from "../domain/types.ts";
import { decodeRecord, type FieldValue } from "../feishu/codecs.ts";
import type { TableTemplate } from "../feishu/template.ts";

/** What the digest reads from the base, already decoded; accounts are named by 客户编号 throughout. */
export type DigestAccount = {
  code: string;
  name: string;
  ownerId?: string;
  /** As the sync wrote it (等级). */
  tier?: Tier;
  /** 近12月采购额; 0 when empty. */
  windowSpend: number;
  nextVisitDue?: IsoDate;
  /** 拜访状态 as the sync wrote it: 正常 / 即将到期 / 到期 / 逾期 / 升级. */
  visitState?: string;
  risk?: number;
  riskFlags: string;
  dataProblems: string;
};

/** One 等级变更 row; `from` is undefined for 无 (a new account's first tier). */
export type TierChange = { accountCode: string; from?: Tier; to: Tier; reason: string; date: IsoDate };
export type VisitFact = { accountCode: string; date: IsoDate };
export type SurveyFact = { accountCode: string; date: IsoDate; overall?: number; nps?: number };

export type DigestBook = {
  accounts: DigestAccount[];
  tierChanges: TierChange[];
  visits: VisitFact[];
  surveys: SurveyFact[];
};

export type BookRecord = { record_id: string; fields: Record<string, unknown> };
export type BookTable = "accounts" | "tierHistory" | "visits" | "surveys";
export const BOOK_TABLES: readonly BookTable[] = ["accounts", "tierHistory", "visits", "surveys"];

const str = (v: FieldValue | undefined): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
const num = (v: FieldValue | undefined): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
const tierOf = (v: FieldValue | undefined): Tier | undefined =>
  v === "A" || v === "B" || v === "C" ? v : undefined;
const ids = (v: FieldValue | undefined): string[] => (Array.isArray(v) ? v : []);

/**
 * Bitable records → the digest's rows. Total: a row whose account or date cannot be read is left out and
 * counted in `unreadable` (the sync reports the cell itself in 数据问题).
 */
export function digestBookFromRecords(
  tables: Record<BookTable, TableTemplate>,
  records: Record<BookTable, readonly BookRecord[]>,
  tz?: string,
): { book: DigestBook; unreadable: number } {
  const opts = tz ? { tz } : {};
  const decode = (table: BookTable) =>
    records[table].map((r) => ({ id: r.record_id, ...decodeRecord(tables[table].fields, r.fields, opts) }));
  let unreadable = 0;

  const codeByRecord = new Map<string, string>();
  const accounts: DigestAccount[] = decode("accounts").map(({ id, values: v }) => {
    const code = str(v.code) ?? id;
    codeByRecord.set(id, code);
    const owner = ids(v.owner)[0];
    return {
      code,
      name: str(v.name) ?? code,
      ...(owner ? { ownerId: owner } : {}),
      ...(tierOf(v.tier) ? { tier: tierOf(v.tier) } : {}),
      windowSpend: num(v.windowSpend) ?? 0,
      ...(str(v.nextVisitDue) ? { nextVisitDue: str(v.nextVisitDue) } : {}),
      ...(str(v.visitState) ? { visitState: str(v.visitState) } : {}),
      ...(num(v.risk) !== undefined ? { risk: num(v.risk) } : {}),
      riskFlags: str(v.riskFlags) ?? "",
      dataProblems: str(v.dataProblems) ?? "",
    };
  });

  // The link is what Bitable keeps consistent; the typed 客户编号 is the fallback for imported rows.
  const accountOf = (v: Record<string, FieldValue>): string | undefined => {
    const linked = ids(v.account)[0];
    return (linked && codeByRecord.get(linked)) ?? str(v.accountCode);
  };
  const facts = <T>(
    table: BookTable,
    make: (v: Record<string, FieldValue>, code: string, date: string) => T | undefined,
  ): T[] =>
    decode(table).flatMap(({ values }) => {
      const code = accountOf(values);
      const date = str(values.date);
      const fact = code && date ? make(values, code, date) : undefined;
      if (fact === undefined) unreadable++;
      return fact === undefined ? [] : [fact];
    });

  const tierChanges = facts("tierHistory", (v, accountCode, date): TierChange | undefined => {
    const to = tierOf(v.to);
    const from = tierOf(v.from);
    return to && { accountCode, ...(from ? { from } : {}), to, reason: str(v.reason) ?? "", date };
  });
  const visits = facts("visits", (_v, accountCode, date): VisitFact => ({ accountCode, date }));
  const surveys = facts("surveys", (v, accountCode, date): SurveyFact => {
    const overall = num(v.overall);
    const nps = num(v.nps);
    return {
      accountCode,
      date,
      ...(overall !== undefined ? { overall } : {}),
      ...(nps !== undefined ? { nps } : {}),
    };
  });
  return { book: { accounts, tierChanges, visits, surveys }, unreadable };
}
