import { z } from "zod";

/**
 * Fault injection for tests and chaos runs: per API (name or prefix, "*" for all) an error rate with codes
 * drawn from a list, and/or added latency. Rules are checked in order; the first match that fires wins.
 */
export const FaultRuleSchema = z.object({
  api: z.string().min(1),
  rate: z.number().min(0).max(1).default(1),
  codes: z.array(z.union([z.number().int(), z.literal("5xx"), z.literal("429")])).default([]),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Stop after firing this many times (unset: no limit). */
  count: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export type FaultDecision = { latencyMs: number; code?: number | "5xx" | "429" };

export type Faults = {
  rules: FaultRule[];
  fired: Map<FaultRule, number>;
  decide(api: string, random?: () => number): FaultDecision;
  set(rules: FaultRule[]): void;
};

export function createFaults(): Faults {
  const faults: Faults = {
    rules: [],
    fired: new Map(),
    set(rules) {
      faults.rules = rules;
      faults.fired.clear();
    },
    decide(api, random = Math.random) {
      let latencyMs = 0;
      for (const rule of faults.rules) {
        if (!matches(rule.api, api)) continue;
        latencyMs = Math.max(latencyMs, rule.latencyMs);
        const fired = faults.fired.get(rule) ?? 0;
        if (rule.count !== undefined && fired >= rule.count) continue;
        if (rule.codes.length === 0 || random() >= rule.rate) continue;
        faults.fired.set(rule, fired + 1);
        const code = rule.codes[Math.floor(random() * rule.codes.length)];
        return { latencyMs, code };
      }
      return { latencyMs };
    },
  };
  return faults;
}

function matches(pattern: string, api: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return api.startsWith(pattern.slice(0, -1));
  return pattern === api;
}
