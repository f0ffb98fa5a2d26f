import { z } from "zod";
import { type OccasionCode, occasionCodeOf } from "./occasions.ts";
import type { PolicyRow } from "./policy-rows.ts";
import type { Tier } from "./types.ts";

/**
 * The care and survey part of the policy: its own schema beside policy.ts (which stays as it is), read
 * from the 设置 rows whose keys start with `care.` (surveys under `care.survey.`), which the main policy
 * parser skips. Every leaf has a default, so an empty 设置 table gives the default policy; a bad row is
 * reported and its default kept.
 */
const ALL = [
  "newyear",
  "spring",
  "lantern",
  "labour",
  "dragonboat",
  "midautumn",
  "national",
  "birthday",
  "anniversary",
] as const satisfies readonly OccasionCode[];

const lead = z.coerce.number().int().min(0).max(30);
const occasionList = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[,，、\s]+/)
          .filter(Boolean)
          .map((s) => occasionCodeOf(s) ?? s)
      : v,
  z.array(z.enum(ALL)),
);
const everyMonths = z.coerce.number().pipe(z.literal([1, 2, 3, 4, 6, 12]));

export const CarePolicySchema = z.object({
  /** How many days before the occasion the owner gets the card. */
  leadDays: z.object({ A: lead.default(3), B: lead.default(1), C: lead.default(0) }).prefault({}),
  occasions: z
    .object({
      A: occasionList.default([...ALL]),
      B: occasionList.default(["spring", "dragonboat", "midautumn", "national", "birthday", "anniversary"]),
      C: occasionList.default(["spring", "midautumn", "birthday"]),
    })
    .prefault({}),
  /** Who is greeted for festivals and anniversaries; birthdays always go to the contact whose birthday it is. */
  audience: z.enum(["decisionMakers", "all"]).default("decisionMakers"),
  /** `<occasion>.<tier>` → template text with {name} {surname} {call} {title} {company} {years}. */
  templates: z.record(z.string(), z.string().min(1).max(1000)).default({}),
  survey: z
    .object({
      everyMonths: z
        .object({ A: everyMonths.default(3), B: everyMonths.default(6), C: everyMonths.default(12) })
        .prefault({}),
      /** No contact is surveyed again within this many days, whatever the campaign. */
      minGapDays: z.coerce.number().int().min(0).max(730).default(60),
      /** A campaign's sends are spread over its first days so a quarter does not start with one burst. */
      spreadDays: z.coerce.number().int().min(1).max(90).default(20),
      /** An answer with NPS at or below this, or any item at or below alertItem, alerts the owner and leader. */
      alertNps: z.coerce.number().int().min(0).max(10).default(6),
      alertItem: z.coerce.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
});

export type CarePolicy = z.output<typeof CarePolicySchema>;
export const DEFAULT_CARE_POLICY: CarePolicy = CarePolicySchema.parse({});

export type CarePolicyProblem = { key: string; message: string };

const TIER_KEY = /^(A|B|C)$/;

/** Where a 设置 key lands in the care policy (empty path: ours but unknown), or undefined when not ours. */
function pathOf(key: string): { path: string[]; template?: string } | undefined {
  const parts = key.split(".");
  if (parts[0] !== "care") return undefined;
  const [, section, a, b] = parts;
  const tier = (t: string | undefined) => t !== undefined && TIER_KEY.test(t);
  if (section === "template" && parts.length === 4) {
    const occasion = occasionCodeOf(a ?? "");
    return occasion && tier(b) ? { path: ["templates"], template: `${occasion}.${b}` } : { path: [] };
  }
  if ((section === "leadDays" || section === "occasions") && parts.length === 3)
    return tier(a) ? { path: [section, a!] } : { path: [] };
  if (section === "audience" && parts.length === 2) return { path: ["audience"] };
  if (section === "survey" && a === "everyMonths" && parts.length === 4)
    return tier(b) ? { path: ["survey", "everyMonths", b!] } : { path: [] };
  if (section === "survey" && parts.length === 3) return { path: ["survey", a!] };
  return { path: [] };
}

/** True for the 设置 keys this policy owns (the main policy parser should leave them alone). */
export function isCarePolicyKey(key: string): boolean {
  return pathOf(key.trim()) !== undefined;
}

/** Merges the `care.*` rows over the defaults; other rows are ignored, bad ones reported. */
export function parseCarePolicyRows(rows: readonly PolicyRow[]): {
  policy: CarePolicy;
  problems: CarePolicyProblem[];
} {
  const problems: CarePolicyProblem[] = [];
  let accepted: Record<string, unknown> = {};
  for (const row of rows) {
    const key = String(row.key ?? "").trim();
    const where = pathOf(key);
    if (!where) continue;
    if (where.path.length === 0) {
      problems.push({ key, message: `未知的设置项 / unknown care or survey key` });
      continue;
    }
    const value = where.template ? { [where.template]: String(row.value) } : String(row.value ?? "").trim();
    const trial = assign(accepted, where.path, value);
    const check = CarePolicySchema.safeParse(trial);
    if (check.success) accepted = trial;
    else problems.push({ key, message: `值无效 / invalid value: ${check.error.issues[0]?.message}` });
  }
  return { policy: CarePolicySchema.parse(accepted), problems };
}

function assign(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  const current = target[head];
  if (rest.length === 0) {
    const merged =
      value && typeof value === "object" && current && typeof current === "object"
        ? { ...(current as object), ...(value as object) }
        : value;
    return { ...target, [head]: merged };
  }
  const child = current && typeof current === "object" ? (current as Record<string, unknown>) : {};
  return { ...target, [head]: assign(child, rest, value) };
}

/** The occasion codes a tier is greeted on. */
export function occasionsFor(policy: CarePolicy, tier: Tier): ReadonlySet<OccasionCode> {
  return new Set(policy.occasions[tier]);
}
