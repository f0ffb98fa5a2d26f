import { describe, expect, it } from "vitest";
import { cardActionValueSchema, FORM } from "../../src/cards/action-values.ts";
import { byteLength, countComponents } from "../../src/cards/budget.ts";
import { buildReminderCard, markReminderRow, reminderLoggedRow } from "../../src/cards/reminder.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buttonsOf, callbackValues, walk } from "./card-walk.ts";
import { reminderInput, reminderItem } from "./factories.ts";

const contents = (card: ReturnType<typeof buildReminderCard>) =>
  card.body.elements.filter((e) => e.tag === "markdown").map((e) => String(e.content));

describe("reminder card", () => {
  it("groups accounts as 升级, 逾期, 到期 in that order", () => {
    const card = buildReminderCard(reminderInput(6));
    const headings = contents(card).filter((c) => /^\*\*(升级|逾期|到期)/.test(c));
    expect(headings).toEqual(["**升级（2）**", "**逾期（2）**", "**到期（2）**"]);
  });

  it("shows tier, last visit and days overdue on each row, in both languages", () => {
    const card = buildReminderCard(
      reminderInput(1, { items: [reminderItem(0, { name: "甲公司", daysOverdue: 12 })] }),
    );
    const row = card.body.elements.find((e) => String(e.content).includes("甲公司"))!;
    expect(row.content).toContain(
      "<text_tag color='orange'>A</text_tag> **甲公司** · 上次拜访 2026-10-01 · 逾期 12 天",
    );
    expect((row.i18n_content as { en_us: string }).en_us).toContain(
      "last visit 2026-10-01 · 12 days overdue",
    );
  });

  it("says never visited and due today when that is the case", () => {
    const item = reminderItem(2, { lastVisit: undefined, daysOverdue: 0 });
    const [row] = contents(buildReminderCard(reminderInput(0, { items: [item] }))).filter((c) =>
      c.includes("客户2"),
    );
    expect(row).toContain("尚无拜访记录 · 今天到期");
  });

  it("offers 记录拜访, 推迟 and 转交 on every open row, with ids, the day and an effect key", () => {
    const card = buildReminderCard(reminderInput(1));
    expect(buttonsOf(card).map((b) => (b.text as { content: string }).content)).toEqual([
      "记录拜访",
      "推迟",
      "转交",
    ]);
    expect(callbackValues(card)).toEqual([
      {
        action: "visit.log",
        step: "open",
        accountId: "C0000",
        recordId: "rec000000",
        date: "2026-11-24",
        k: "visit.log.open:rec000000:2026-11-24",
      },
      {
        action: "visit.snooze",
        step: "open",
        accountId: "C0000",
        recordId: "rec000000",
        date: "2026-11-24",
        k: "visit.snooze.open:rec000000:2026-11-24",
      },
      {
        action: "visit.reassign",
        step: "open",
        accountId: "C0000",
        recordId: "rec000000",
        date: "2026-11-24",
        k: "visit.reassign.open:rec000000:2026-11-24",
      },
    ]);
    for (const v of callbackValues(card)) expect(cardActionValueSchema.safeParse(v).success).toBe(true);
  });

  it("leaves upcoming accounts out", () => {
    const card = buildReminderCard(reminderInput(0, { items: [reminderItem(0, { state: "upcoming" })] }));
    expect(contents(card)).toEqual(["今天没有需要拜访的客户 🎉"]);
  });

  it("colours the header by the worst state, and green once every row is handled", () => {
    expect(buildReminderCard(reminderInput(3)).header?.template).toBe("red");
    expect(buildReminderCard(reminderInput(0, { items: [reminderItem(1)] })).header?.template).toBe("orange");
    expect(buildReminderCard(reminderInput(0, { items: [reminderItem(2)] })).header?.template).toBe("blue");
    const done = reminderInput(1);
    const logged = markReminderRow(done, "rec000000", { kind: "logged", by: "张三", at: "2026-11-24T10:02" });
    expect(buildReminderCard(logged).header?.template).toBe("green");
  });

  it("replaces the buttons of a logged row with 已记录 ✓ who and when", () => {
    const input = markReminderRow(reminderInput(2), "rec000000", {
      kind: "logged",
      by: "张三",
      at: "2026-11-24T10:02:59",
    });
    const card = buildReminderCard(input);
    const row = contents(card).find((c) => c.includes("客户0 "))!;
    expect(row).toContain("<font color='green'>已记录 ✓ 张三 11-24 10:02</font>");
    expect(callbackValues(card).some((v) => v.recordId === "rec000000")).toBe(false);
    expect(callbackValues(card).some((v) => v.recordId === "rec000001")).toBe(true);
  });

  it("describes snoozed and reassigned rows", () => {
    const item = reminderItem(0);
    const snoozed = reminderLoggedRow(item, { kind: "snoozed", days: 7, by: "张三", at: "2026-11-24 09:00" });
    expect(snoozed.content).toContain("已推迟 7 天 ✓ 张三 11-24 09:00");
    const moved = reminderLoggedRow(item, {
      kind: "reassigned",
      to: "李四",
      by: "张三",
      at: "2026-11-24T09:00",
    });
    expect((moved.i18n_content as { en_us: string }).en_us).toContain(
      "Reassigned to 李四 ✓ 张三 11-24 09:00",
    );
  });

  it("opens the visit form of the chosen row at the top and closes it after the row is marked", () => {
    const input = reminderInput(3, { open: { recordId: "rec000001", mode: "log" } });
    const card = buildReminderCard(input);
    expect(String(card.body.elements[0]?.content)).toContain("正在处理");
    expect(card.body.elements[1]).toMatchObject({ tag: "form", name: FORM.visit.form });
    const closed = buildReminderCard(
      markReminderRow(input, "rec000001", { kind: "logged", by: "张三", at: "2026-11-24T10:00" }),
    );
    expect(closed.body.elements.some((e) => e.tag === "form")).toBe(false);
  });

  it("opens a snooze form (3 or 7 days and a required reason) and a reassign form with the candidates", () => {
    const snooze = buildReminderCard(reminderInput(1, { open: { recordId: "rec000000", mode: "snooze" } }));
    const fields: Record<string, unknown>[] = [];
    walk(snooze, (el) => {
      if (typeof el.name === "string") fields.push(el);
    });
    const days = fields.find((f) => f.name === FORM.snooze.days) as { options: { value: string }[] };
    expect(days.options.map((o) => o.value)).toEqual(["3", "7"]);
    expect(fields.find((f) => f.name === FORM.snooze.reason)).toMatchObject({ required: true });
    const reassign = buildReminderCard(
      reminderInput(1, { reassignCandidates: ["ou_1"], open: { recordId: "rec000000", mode: "reassign" } }),
    );
    const people: Record<string, unknown>[] = [];
    walk(reassign, (el) => {
      if (el.tag === "select_person") people.push(el);
    });
    expect(people[0]).toMatchObject({ name: FORM.reassign.to, options: [{ value: "ou_1" }], required: true });
  });

  it("fits 500 due accounts within 200 components and 30 KB, and says how many are not shown", () => {
    const card = buildReminderCard(reminderInput(500, { listUrl: "https://example.feishu.cn/base/x" }));
    expect(validateCard(card)).toEqual([]);
    expect(countComponents(card)).toBeLessThanOrEqual(200);
    expect(byteLength(card)).toBeLessThanOrEqual(30 * 1024);
    const more = contents(card).find((c) => c.startsWith("还有"))!;
    const shown = new Set<string>();
    for (const c of contents(card)) for (const m of c.matchAll(/客户(\d+) /g)) shown.add(m[1]!);
    expect(more).toBe(`还有 ${500 - shown.size} 个未显示`);
    expect(shown.size).toBeGreaterThan(30);
  });

  it("fits 500 accounts all due today the same way", () => {
    const items = Array.from({ length: 500 }, (_, i) => reminderItem(i, { state: "due", daysOverdue: 0 }));
    const card = buildReminderCard(reminderInput(0, { items }));
    expect(validateCard(card)).toEqual([]);
    expect(card.header?.template).toBe("blue");
    expect(contents(card).at(-1)).toMatch(/^还有 \d+ 个未显示$/);
  });

  it("puts the most overdue, most important accounts first within a group", () => {
    const items = [
      reminderItem(0, { name: "乙", tier: "B", daysOverdue: 5 }),
      reminderItem(3, { name: "甲", tier: "A", daysOverdue: 5 }),
      reminderItem(6, { name: "丙", tier: "C", daysOverdue: 9 }),
    ];
    const names = contents(buildReminderCard(reminderInput(0, { items })))
      .map((c) => /\*\*(甲|乙|丙)\*\*/.exec(c)?.[1])
      .filter(Boolean);
    expect(names).toEqual(["丙", "甲", "乙"]);
  });
});
