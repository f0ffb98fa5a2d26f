import { DEFAULT_POLICY, type Policy } from "../../domain/policy.ts";
import { parsePolicyRows } from "../../domain/policy-rows.ts";
import { decodeRecord } from "../../feishu/codecs.ts";
import type { Services } from "../../services.ts";
import { fieldRefs } from "./account-book.ts";

const CACHE_MS = 60_000;
const cache = new WeakMap<Services, { at: number; policy: Promise<Policy> }>();

/**
 * The policy as the 设置 table sets it (bad rows are skipped by parsePolicyRows, the defaults stand in).
 * Card handlers ask for it on every submit, so it is kept for a minute per service.
 */
export function readPolicy(services: Services): Promise<Policy> {
  const now = Date.now();
  const hit = cache.get(services);
  if (hit && now - hit.at < CACHE_MS) return hit.policy;
  const policy = load(services);
  cache.set(services, { at: now, policy });
  policy.catch(() => cache.delete(services));
  return policy;
}

async function load(services: Services): Promise<Policy> {
  const { gw, tableId, fields } = await fieldRefs(services, "policy", ["key", "value"]);
  const rows = await gw.searchAll(tableId, { fieldNames: fields.map((f) => f.name) });
  const policyRows = rows
    .map((r) => {
      const { values } = decodeRecord(fields, r.fields);
      return { key: String(values.key ?? ""), value: String(values.value ?? ""), rowId: r.record_id };
    })
    .filter((r) => r.key.trim() !== "");
  const { policy, problems } = parsePolicyRows(policyRows, DEFAULT_POLICY);
  if (problems.length) services.logger.warn("policy.problems", { count: problems.length });
  return policy;
}
