import { z } from "zod";

const share = z.number().gt(0).lte(1);
const weight = z.number().min(0).max(1);
const days = z.number().int().min(1).max(3650);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式应为 HH:MM / time must be HH:MM");
const points = z.number().min(0).max(100);

/**
 * Every field has its default here, so `PolicyShapeSchema.parse({})` is the
 * default policy. Cross-field rules live in `PolicySchema` so a single policy
 * row can be checked on its own before the whole is checked together.
 */
export const PolicyShapeSchema = z.object({
  tier: z
    .object({
      method: z.enum(["rank", "cumulative"]).default("rank"),
      windowMonths: z.number().int().min(2).max(60).default(12),
      bands: z
        .object({
          /** Shares of accounts: A = top `A`, B = the next `B` (not cumulative). */
          rank: z.object({ A: share.default(0.05), B: share.default(0.15) }).prefault({}),
          /** Cumulative shares of window spend: A until `A`, B until `B`. */
          cumulative: z.object({ A: share.default(0.8), B: share.default(0.95) }).prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
  weights: z
    .object({
      currentValue: weight.default(0.4),
      potential: weight.default(0.25),
      strategicFit: weight.default(0.2),
      stability: weight.default(0.15),
    })
    .prefault({}),
  hysteresis: z
    .object({
      downgradePeriods: z.number().int().min(1).max(24).default(2),
      /** A downgrade happens at once when the account sits this far (share of the book) below its band. */
      marginPct: z.number().min(0).max(1).default(0.05),
    })
    .prefault({}),
  cadence: z.object({ A: days.default(14), B: days.default(30), C: days.default(90) }).prefault({}),
  /** 0 = no executive visit for that tier. */
  executiveVisitDays: z
    .object({
      A: days.or(z.literal(0)).default(90),
      B: days.or(z.literal(0)).default(0),
      C: days.or(z.literal(0)).default(0),
    })
    .prefault({}),
  upcomingDays: z.number().int().min(0).max(90).default(7),
  overdueDays: z.number().int().min(1).max(365).default(3),
  escalateDays: z.number().int().min(1).max(365).default(14),
  maxVisitsPerManagerPerDay: z.number().int().min(1).max(100).default(4),
  quietHours: z.object({ start: clock.default("21:00"), end: clock.default("08:00") }).prefault({}),
  risk: z
    .object({
      spendDropPct: z.number().gt(0).lte(1).default(0.3),
      lowCsat: z.number().min(1).max(5).default(3),
      lowNps: z.number().int().min(0).max(10).default(6),
      /** Silence flag when days since the last order exceed this multiple of the usual interval. */
      silenceFactor: z.number().gt(1).max(20).default(2),
      /** Orders (on distinct days) needed before a usual interval is trusted. */
      minOrdersForSilence: z.number().int().min(2).max(100).default(3),
      points: z
        .object({
          spendDrop: points.default(30),
          silence: points.default(25),
          visitOverdue: points.default(10),
          visitEscalate: points.default(20),
          lowCsat: points.default(20),
          detractor: points.default(15),
          complaint: points.default(10),
          complaintsMax: points.default(20),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type Policy = z.output<typeof PolicyShapeSchema>;
export type TierMethod = Policy["tier"]["method"];

const WEIGHT_TOLERANCE = 0.001;

export const PolicySchema = PolicyShapeSchema.superRefine((p, ctx) => {
  const w = p.weights;
  const sum = w.currentValue + w.potential + w.strategicFit + w.stability;
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    ctx.addIssue({
      code: "custom",
      path: ["weights"],
      message: `评分权重之和为 ${round3(sum)}，应为 1 / score weights sum to ${round3(sum)}, must be 1`,
    });
  }
  const r = p.tier.bands.rank;
  if (r.A + r.B > 1 + 1e-9) {
    ctx.addIssue({
      code: "custom",
      path: ["tier", "bands", "rank"],
      message: `A 档 ${r.A} 加 B 档 ${r.B} 超过 100% / rank bands A + B exceed 100%`,
    });
  }
  const c = p.tier.bands.cumulative;
  if (c.A >= c.B) {
    ctx.addIssue({
      code: "custom",
      path: ["tier", "bands", "cumulative"],
      message: `累计占比 A 档 ${c.A} 必须小于 B 档 ${c.B} / cumulative band A must be below band B`,
    });
  }
  if (p.overdueDays >= p.escalateDays) {
    ctx.addIssue({
      code: "custom",
      path: ["escalateDays"],
      message: `升级天数 ${p.escalateDays} 必须大于逾期天数 ${p.overdueDays} / escalateDays must exceed overdueDays`,
    });
  }
});

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** Upper edge (share, 0 = top) of a tier's band under the policy's method; C has none. */
export function bandEdge(policy: Policy, tier: "A" | "B"): number {
  if (policy.tier.method === "cumulative") return policy.tier.bands.cumulative[tier];
  const r = policy.tier.bands.rank;
  return tier === "A" ? r.A : r.A + r.B;
}
