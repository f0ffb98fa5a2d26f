import type { BirthdayCalendar } from "./occasions.ts";
import type { IsoDate, Tier } from "./types.ts";

/**
 * What the care and survey planners read from the base, already decoded: plain data, ids are Bitable
 * record ids (the card buttons carry them, so a click needs no lookup to link its row).
 */
export type CareAccount = {
  recordId: string;
  /** 客户编号 */
  code: string;
  name: string;
  ownerId?: string;
  tier?: Tier;
  since?: IsoDate;
  /** The account's external group chat (客户群ID). */
  chatId?: string;
};

export type CareContact = {
  recordId: string;
  name: string;
  accountRecordId?: string;
  title?: string;
  birthday?: IsoDate;
  birthdayCalendar?: BirthdayCalendar;
  decisionMaker: boolean;
};

/** Contacts per account record id, decision makers first, then by name (stable choices day to day). */
export function contactsByAccount(contacts: readonly CareContact[]): Map<string, CareContact[]> {
  const out = new Map<string, CareContact[]>();
  for (const c of contacts) {
    if (!c.accountRecordId) continue;
    const list = out.get(c.accountRecordId);
    if (list) list.push(c);
    else out.set(c.accountRecordId, [c]);
  }
  for (const list of out.values()) {
    list.sort(
      (a, b) =>
        Number(b.decisionMaker) - Number(a.decisionMaker) ||
        byText(a.name, b.name) ||
        byText(a.recordId, b.recordId),
    );
  }
  return out;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
