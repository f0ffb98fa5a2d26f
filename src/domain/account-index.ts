import type { Account, Problem } from "./types.ts";

/** Accounts by position; a repeated id keeps its first row and is reported. */
export type AccountIndex = {
  accounts: Account[];
  position: Map<string, number>;
  problems: Problem[];
};

/** Each position's place when accounts are sorted by id: the deterministic tie-break everywhere. */
export function idRanks(rows: readonly { id: string }[]): Int32Array {
  const ids = rows.map((r) => r.id);
  const byId = Array.from({ length: ids.length }, (_, i) => i);
  byId.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  for (let r = 0; r < byId.length; r++) rank[byId[r]!] = r;
  return rank;
}

export function indexAccounts(accounts: readonly Account[]): AccountIndex {
  const unique: Account[] = [];
  const position = new Map<string, number>();
  const problems: Problem[] = [];
  for (const account of accounts) {
    if (position.has(account.id)) {
      problems.push({
        accountId: account.id,
        rowId: account.recordId,
        table: "accounts",
        field: "code",
        code: "account_duplicate",
        message: `客户编号 ${account.id} 重复，只使用第一行 / duplicate account code ${account.id}, first row used`,
      });
      continue;
    }
    position.set(account.id, unique.length);
    unique.push(account);
  }
  return { accounts: unique, position, problems };
}
