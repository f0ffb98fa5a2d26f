import { DEFAULT_POLICY, type Policy, PolicySchema } from "../../domain/policy.ts";
import { type PolicyRow, parsePolicyRows } from "../../domain/policy-rows.ts";
import type { Problem } from "../../domain/types.ts";
import { decodeRecord } from "../../feishu/codecs.ts";
import type { BoundBase } from "../../ops/base.ts";
import type { Ledger } from "../../store/ledger.ts";

export const LAST_VALID_POLICY_KEY = "sync:policy:last-valid";

export type PolicyOutcome = {
  policy: Policy;
  /** Row problems (row, key, what is wrong) and whole-policy ones, as the domain words them. */
  problems: Problem[];
  rows: number;
  /** False when the rows as a whole broke a rule and the last valid policy was used instead. */
  valid: boolean;
};

/** The 设置 table's rows as dotted key + text value; each keeps its record id to be named in reports. */
export async function readPolicyRows(base: BoundBase): Promise<{ rows: PolicyRow[]; reads: number }> {
  const { id, template } = base.table("policy");
  const fields = template.fields.filter((f) => f.key === "key" || f.key === "value");
  const rows: PolicyRow[] = [];
  let reads = 0;
  for await (const page of base.gw.searchPages(id, { fieldNames: fields.map((f) => f.name) })) {
    reads++;
    for (const rec of page) {
      const { values } = decodeRecord(fields, rec.fields);
      const key = typeof values.key === "string" ? values.key.trim() : "";
      const value = values.value === null || values.value === undefined ? "" : String(values.value);
      // A blank line in the sheet is not a setting.
      if (key || value.trim()) rows.push({ key, value, rowId: rec.record_id });
    }
  }
  return { rows, reads };
}

/**
 * The policy in force. A bad row is reported and its key keeps the value it had in the last valid
 * policy (not the default: someone who set cadence.A to 10 and then mistyped it still gets 10); rows
 * that break a rule together are reported and the last valid policy stays in force as a whole.
 */
export function resolvePolicy(rows: readonly PolicyRow[], lastValid: Policy = DEFAULT_POLICY): PolicyOutcome {
  const labelled = rows.map((r, i) => ({ ...r, rowId: r.rowId ?? `#${i + 1}` }));
  const first = parsePolicyRows(labelled, DEFAULT_POLICY);
  const badRows = new Set(
    first.problems.filter((p) => p.code === "policy_row_invalid").map((p) => p.rowId ?? ""),
  );
  const rowProblems = first.problems.filter((p) => p.code !== "policy_invalid");
  const kept = labelled.flatMap((r) => {
    if (!badRows.has(r.rowId)) return [r];
    const previous = textAt(lastValid, r.key.trim());
    return previous === undefined ? [] : [{ ...r, value: previous }];
  });
  const second = badRows.size ? parsePolicyRows(kept, DEFAULT_POLICY) : first;
  const whole = second.problems.filter((p) => p.code === "policy_invalid");
  if (whole.length)
    return { policy: lastValid, problems: [...rowProblems, ...whole], rows: rows.length, valid: false };
  return { policy: second.policy, problems: rowProblems, rows: rows.length, valid: true };
}

/** A policy key's value as a 设置 cell would hold it; `tier.bands.A` means the bands of the method in force. */
function textAt(policy: Policy, key: string): string | undefined {
  const path = /^tier\.bands\.[AB]$/.test(key) ? key.replace("bands.", `bands.${policy.tier.method}.`) : key;
  let node: unknown = policy;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined) return undefined;
  return typeof node === "object" ? JSON.stringify(node) : String(node);
}

/** Reads 设置, resolves it against the last valid policy in the ledger, and remembers a valid result. */
export async function loadPolicy(
  base: BoundBase,
  ledger: Ledger,
  opts: { remember: boolean },
): Promise<PolicyOutcome & { reads: number }> {
  const { rows, reads } = await readPolicyRows(base);
  const stored = PolicySchema.safeParse(await ledger.get(LAST_VALID_POLICY_KEY));
  const outcome = resolvePolicy(rows, stored.success ? stored.data : DEFAULT_POLICY);
  if (outcome.valid && opts.remember) await ledger.set(LAST_VALID_POLICY_KEY, outcome.policy);
  return { ...outcome, reads };
}
