import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateRange, shanghaiDayStart } from "../../src/sandbox/bitable/date-ranges.ts";
import { findTable } from "../../src/sandbox/bitable/lookup.ts";
import { readPage } from "../../src/sandbox/bitable/reads.ts";
import { createBase, createTable, deleteRecords, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { createState } from "../../src/sandbox/state.ts";

const operator = { open_id: "ou_console" };

function tableWith(values: number[]) {
  const state = createState({ rateLimits: false });
  const appToken = createBase(state, { name: "P" }).app_token;
  const { table_id } = createTable(state, appToken, { name: "T", fields: [{ field_name: "N", type: 2 }] });
  if (values.length)
    writeRecords(
      state,
      appToken,
      table_id,
      values.map((N) => ({ fields: { N } })),
      operator,
    );
  return { state, appToken, tableId: table_id, scope: { state, ...findTable(state, appToken, table_id) } };
}

describe("record paging", () => {
  it("visits every row exactly once for any page size, sorted or not", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (values, pageSize, sorted) => {
          const { scope } = tableWith(values);
          const sort = sorted ? [{ field_name: "N", desc: true }] : undefined;
          const seen: string[] = [];
          let pageToken: string | undefined;
          do {
            const page = readPage(scope, { sort, pageToken, pageSize }, { shape: "search" });
            expect(page.total).toBe(values.length);
            seen.push(...page.items.map((r) => r.record_id));
            pageToken = page.page_token;
          } while (pageToken);
          expect(seen).toHaveLength(values.length);
          expect(new Set(seen).size).toBe(values.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("never skips or repeats a row while the table is written to between pages", () => {
    const { state, appToken, tableId, scope } = tableWith(Array.from({ length: 30 }, (_, i) => i));
    const idOf = (n: number) =>
      [...scope.table.records.values()].find((r) => r.fields.get(scope.table.fields[0]!.field_id) === n)!
        .record_id;
    const sort = [{ field_name: "N" }];
    const served: string[] = [];
    let page = readPage(scope, { sort, pageSize: 10 }, { shape: "search" });
    served.push(...page.items.map((r) => r.record_id));
    // the first row moves to the end of the order, a new row sorts first, a not-yet-served row goes away
    writeRecords(
      state,
      appToken,
      tableId,
      [{ record_id: idOf(0), fields: { N: 999 } }, { fields: { N: -1 } }],
      operator,
    );
    const gone = idOf(25);
    deleteRecords(state, appToken, tableId, [gone], operator);
    while (page.page_token) {
      page = readPage(scope, { sort, pageToken: page.page_token, pageSize: 10 }, { shape: "search" });
      served.push(...page.items.map((r) => r.record_id));
    }
    expect(new Set(served).size).toBe(served.length);
    expect(served).toHaveLength(29);
    expect(served).not.toContain(gone);
  });
});

describe("date filter ranges (Asia/Shanghai)", () => {
  const now = Date.UTC(2026, 10, 24, 17); // 2026-11-25 01:00 in Shanghai, already "tomorrow" in UTC terms
  const day = 86_400_000;

  it("starts days at Shanghai midnight", () => {
    expect(shanghaiDayStart(now)).toBe(Date.UTC(2026, 10, 24, 16));
    expect(dateRange(["Today"], now)).toEqual({
      start: Date.UTC(2026, 10, 24, 16),
      end: Date.UTC(2026, 10, 25, 16),
      rangeOnly: false,
    });
  });

  it("turns ExactDate into that whole day and rejects a missing timestamp", () => {
    const range = dateRange(["ExactDate", String(Date.UTC(2026, 0, 1, 20))], now);
    expect(range).toEqual({
      start: Date.UTC(2026, 0, 1, 16),
      end: Date.UTC(2026, 0, 2, 16),
      rangeOnly: false,
    });
    expect(typeof dateRange(["ExactDate"], now)).toBe("string");
  });

  it("covers weeks from Monday and months from the 1st", () => {
    const week = dateRange(["CurrentWeek"], now);
    expect(week).toMatchObject({
      start: Date.UTC(2026, 10, 22, 16),
      end: Date.UTC(2026, 10, 22, 16) + 7 * day,
      rangeOnly: true,
    });
    expect(dateRange(["LastMonth"], now)).toMatchObject({
      start: Date.UTC(2026, 8, 30, 16),
      end: Date.UTC(2026, 9, 31, 16),
    });
  });
});
