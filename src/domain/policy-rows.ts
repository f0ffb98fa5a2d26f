import { DEFAULT_POLICY, type Policy, PolicySchema, PolicyShapeSchema } from "./policy.ts";
import type { Problem } from "./types.ts";

/** One row of the Bitable 设置 (Policy) table: a dotted key and its value as text. */
export type PolicyRow = { key: string; value: string; rowId?: string };

export const POLICY_TABLE = "设置";

type Leaf = "number" | "string";

const LEAVES: ReadonlyMap<string, Leaf> = collectLeaves(DEFAULT_POLICY, "");

const METHOD_WORDS: Record<string, string> = { 排名: "rank", 累计: "cumulative", 累计占比: "cumulative" };

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?%?$/i;

function collectLeaves(node: unknown, prefix: string): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object") {
      for (const [leaf, kind] of collectLeaves(v, key)) out.set(leaf, kind);
    } else {
      out.set(key, typeof v === "number" ? "number" : "string");
    }
  }
  return out;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1] as string] = value;
}

function convert(kind: Leaf, raw: unknown): { ok: true; value: unknown } | { ok: false; why: string } {
  if (kind === "number") {
    if (typeof raw === "number") return { ok: true, value: raw };
    const text = String(raw).trim();
    if (!NUMBER_TEXT.test(text)) return { ok: false, why: `“${text}”不是数字 / "${text}" is not a number` };
    const n = Number.parseFloat(text);
    return { ok: true, value: text.endsWith("%") ? n / 100 : n };
  }
  const text = String(raw).trim();
  return { ok: true, value: METHOD_WORDS[text] ?? text };
}

/** Leaf assignments a row asks for: one leaf, or every leaf of a JSON object given for a section key. */
function assignmentsOf(key: string, value: string): { pairs: [string, unknown][] } | { why: string } {
  if (LEAVES.has(key)) return { pairs: [[key, value]] };
  const isSection = [...LEAVES.keys()].some((leaf) => leaf.startsWith(`${key}.`));
  if (!isSection) return { why: `未知的设置项 / unknown policy key` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { why: `应为 JSON 对象 / value must be a JSON object for a section key` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { why: `应为 JSON 对象 / value must be a JSON object for a section key` };
  }
  const pairs: [string, unknown][] = [];
  for (const [leaf, v] of flatten(parsed as Record<string, unknown>, key)) {
    if (!LEAVES.has(leaf)) return { why: `未知的设置项 ${leaf} / unknown policy key ${leaf}` };
    pairs.push([leaf, v]);
  }
  return { pairs };
}

function flatten(obj: Record<string, unknown>, prefix: string): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, `${prefix}.${k}`)
      : [[`${prefix}.${k}`, v] as [string, unknown]],
  );
}

/** 设置 rows that belong to other features (care, digest), which parse them with their own schemas. */
export const OTHER_SECTIONS = ["care.", "digest."] as const;

/**
 * Merges policy rows over `base`. A bad row is reported (row, key, why) and
 * skipped; if the merged whole breaks a cross-field rule, that is reported
 * and `base` stays in force. `tier.bands.A|B` is shorthand for the bands of
 * the tier method in force after the rows.
 */
export function parsePolicyRows(
  rows: readonly PolicyRow[],
  base: Policy = DEFAULT_POLICY,
): { policy: Policy; problems: Problem[] } {
  const problems: Problem[] = [];
  const candidate = structuredClone(base) as unknown as Record<string, unknown>;
  const method = methodAfterRows(rows, base);
  const seen = new Set<string>();

  for (const [i, row] of rows.entries()) {
    const label = row.rowId ?? `#${i + 1}`;
    const rawKey = String(row.key ?? "").trim();
    if (OTHER_SECTIONS.some((prefix) => rawKey.startsWith(prefix))) continue;
    const key = /^tier\.bands\.[AB]$/.test(rawKey) ? rawKey.replace("bands.", `bands.${method}.`) : rawKey;
    const outcome = applyRow(candidate, key, String(row.value ?? ""));
    const report = (code: Problem["code"], zh: string, en: string) =>
      problems.push({
        rowId: row.rowId,
        table: POLICY_TABLE,
        field: rawKey,
        code,
        message: `设置第 ${label} 行（${rawKey || "空键"}）：${zh} / policy row ${label} (${rawKey || "empty key"}): ${en}`,
      });
    if ("code" in outcome) {
      report(outcome.code, outcome.zh, outcome.en);
      continue;
    }
    if (seen.has(key)) report("policy_key_duplicate", "重复设置，以此行为准", "set twice, this row wins");
    seen.add(key);
    Object.assign(candidate, outcome.trial);
  }

  const whole = PolicySchema.safeParse(candidate);
  if (whole.success) return { policy: whole.data, problems };
  for (const issue of whole.error.issues) {
    problems.push({
      table: POLICY_TABLE,
      field: issue.path.join("."),
      code: "policy_invalid",
      message: `${issue.message}；仍使用原设置 / the previous policy stays in force`,
    });
  }
  return { policy: base, problems };
}

type RowOutcome = { trial: Record<string, unknown> } | { code: Problem["code"]; zh: string; en: string };

function applyRow(candidate: Record<string, unknown>, key: string, value: string): RowOutcome {
  if (!key) return { code: "policy_row_invalid", zh: "键为空", en: "the key is empty" };
  const plan = assignmentsOf(key, value);
  if ("why" in plan) {
    const [zh = "", en = ""] = plan.why.split(" / ");
    return {
      code: LEAVES.has(key) || plan.why.includes("JSON") ? "policy_row_invalid" : "policy_key_unknown",
      zh,
      en,
    };
  }
  const trial = structuredClone(candidate);
  for (const [leaf, raw] of plan.pairs) {
    const converted = convert(LEAVES.get(leaf) as Leaf, raw);
    if (!converted.ok) {
      const [zh = "", en = ""] = converted.why.split(" / ");
      return { code: "policy_row_invalid", zh: `${leaf} ${zh}`, en: `${leaf} ${en}` };
    }
    setPath(trial, leaf, converted.value);
  }
  const check = PolicyShapeSchema.safeParse(trial);
  if (check.success) return { trial };
  const touched = (path: string) => plan.pairs.some(([leaf]) => leaf === path || leaf.startsWith(`${path}.`));
  const issue = check.error.issues.find((i) => touched(i.path.join(".")));
  if (!issue) return { trial };
  const where = issue.path.join(".");
  return {
    code: "policy_row_invalid",
    zh: `${where} 的值无效`,
    en: `invalid value for ${where}: ${issue.message}`,
  };
}

function methodAfterRows(rows: readonly PolicyRow[], base: Policy): Policy["tier"]["method"] {
  let method = base.tier.method;
  for (const row of rows) {
    if (String(row.key ?? "").trim() !== "tier.method") continue;
    const word = convert("string", row.value);
    if (word.ok && (word.value === "rank" || word.value === "cumulative")) method = word.value;
  }
  return method;
}
