import type { Ledger } from "../store/ledger.ts";

export type AccountNote = {
  at: string;
  by: string;
  kind: "snoozed" | "reassigned";
  /** Free text the manager gave (a reason); kept as data, never shown as markup. */
  text?: string;
  detail: Record<string, string | number>;
};

const MAX_NOTES = 50;

/**
 * Why an account's 下次拜访 or 负责人 changed from a card, kept with the account in the ledger. The base
 * template has no notes column on 客户 yet; when one is added these can be written there instead.
 */
export async function noteOnAccount(ledger: Ledger, recordId: string, note: AccountNote): Promise<void> {
  const key = `account-notes:${recordId}`;
  const notes = (await ledger.get<AccountNote[]>(key)) ?? [];
  await ledger.set(key, [...notes, note].slice(-MAX_NOTES));
}

export async function accountNotes(ledger: Ledger, recordId: string): Promise<AccountNote[]> {
  return (await ledger.get<AccountNote[]>(`account-notes:${recordId}`)) ?? [];
}
