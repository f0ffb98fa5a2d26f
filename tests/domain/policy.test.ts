import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, PolicySchema } from "../../src/domain/policy.ts";
import { parsePolicyRows } from "../../src/domain/policy-rows.ts";

describe("policy defaults", () => {
  it("come from the schema when nothing is set", () => {
    expect(PolicySchema.parse({})).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.tier).toEqual({
      method: "rank",
      windowMonths: 12,
      bands: { rank: { A: 0.05, B: 0.15 }, cumulative: { A: 0.8, B: 0.95 } },
    });
    expect(DEFAULT_POLICY.cadence).toEqual({ A: 14, B: 30, C: 90 });
    expect(DEFAULT_POLICY.weights).toEqual({
      currentValue: 0.4,
      potential: 0.25,
      strategicFit: 0.2,
      stability: 0.15,
    });
  });
});

describe("parsePolicyRows", () => {
  it("applies a numeric row over the base", () => {
    const { policy, problems } = parsePolicyRows([{ key: "cadence.A", value: "7" }]);
    expect(problems).toEqual([]);
    expect(policy.cadence.A).toBe(7);
  });

  it("reads percentages and Chinese method words", () => {
    const { policy, problems } = parsePolicyRows([
      { key: "tier.method", value: "累计" },
      { key: "hysteresis.marginPct", value: "10%" },
    ]);
    expect(problems).toEqual([]);
    expect(policy.tier.method).toBe("cumulative");
    expect(policy.hysteresis.marginPct).toBeCloseTo(0.1);
  });

  it("lets tier.bands.A set the band of the method in force after the rows", () => {
    const { policy } = parsePolicyRows([
      { key: "tier.bands.A", value: "0.7" },
      { key: "tier.method", value: "cumulative" },
    ]);
    expect(policy.tier.bands.cumulative.A).toBe(0.7);
    expect(policy.tier.bands.rank.A).toBe(0.05);
  });

  it("accepts a JSON object for a section key", () => {
    const { policy, problems } = parsePolicyRows([{ key: "cadence", value: '{"A": 10, "B": 20, "C": 60}' }]);
    expect(problems).toEqual([]);
    expect(policy.cadence).toEqual({ A: 10, B: 20, C: 60 });
  });

  it("names the row, the key and the reason for a bad value, and keeps the other rows", () => {
    const { policy, problems } = parsePolicyRows([
      { key: "cadence.A", value: "two weeks", rowId: "rec7" },
      { key: "cadence.B", value: "21", rowId: "rec8" },
    ]);
    expect(policy.cadence).toEqual({ A: 14, B: 21, C: 90 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rowId: "rec7", field: "cadence.A", code: "policy_row_invalid" });
    expect(problems[0]!.message).toMatch(/^设置第 rec7 行（cadence.A）：.*不是数字 \/ policy row rec7/);
  });

  it("rejects a value outside its range", () => {
    const { policy, problems } = parsePolicyRows([{ key: "maxVisitsPerManagerPerDay", value: "0" }]);
    expect(policy.maxVisitsPerManagerPerDay).toBe(4);
    expect(problems.map((p) => p.code)).toEqual(["policy_row_invalid"]);
  });

  it("reports an unknown key without failing the rest", () => {
    const { policy, problems } = parsePolicyRows([
      { key: "cadence.D", value: "5" },
      { key: "overdueDays", value: "2" },
    ]);
    expect(policy.overdueDays).toBe(2);
    expect(problems.map((p) => [p.code, p.field])).toEqual([["policy_key_unknown", "cadence.D"]]);
  });

  it("keeps the base policy when the weights no longer sum to 1", () => {
    const { policy, problems } = parsePolicyRows([
      { key: "weights.potential", value: "0.5" },
      { key: "cadence.A", value: "7" },
    ]);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "policy_invalid", field: "weights" });
    expect(problems[0]!.message).toContain("评分权重之和为 1.25");
  });

  it("accepts weights that sum to 1 within 0.001", () => {
    const { problems } = parsePolicyRows([
      { key: "weights.currentValue", value: "0.3335" },
      { key: "weights.potential", value: "0.3335" },
      { key: "weights.strategicFit", value: "0.333" },
      { key: "weights.stability", value: "0" },
    ]);
    expect(problems).toEqual([]);
  });

  it("keeps the base policy when cumulative band A is not below band B", () => {
    const { policy, problems } = parsePolicyRows([{ key: "tier.bands.cumulative.A", value: "0.96" }]);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(problems.map((p) => p.field)).toEqual(["tier.bands.cumulative"]);
  });

  it("notes a key set twice and lets the later row win", () => {
    const { policy, problems } = parsePolicyRows([
      { key: "cadence.C", value: "60" },
      { key: "cadence.C", value: "120", rowId: "rec2" },
    ]);
    expect(policy.cadence.C).toBe(120);
    expect(problems.map((p) => [p.code, p.rowId])).toEqual([["policy_key_duplicate", "rec2"]]);
  });
});

describe("policy rows of other features", () => {
  it("leaves care.* and digest.* rows to their own parsers instead of reporting them", () => {
    const { problems, policy } = parsePolicyRows([
      { key: "digest.chatId", value: "oc_123", rowId: "rec1" },
      { key: "care.leadDays.A", value: "3", rowId: "rec2" },
      { key: "nonsense.key", value: "1", rowId: "rec3" },
    ]);
    expect(problems.map((p) => p.rowId)).toEqual(["rec3"]);
    expect(policy).toEqual(DEFAULT_POLICY);
  });
});
