import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FORM } from "../../src/cards/action-values.ts";
import { shanghaiDate } from "../../src/sandbox/console/shanghai-time.ts";
import type { JobRun } from "../../src/store/ledger.ts";
import { type ConsoleWorld, startConsoleWorld } from "./console-world.ts";

/**
 * The real product in real Chromium: the service runs its own jobs (sync, reminders, digest) and its own
 * card actions against the sandbox's demo base; a manager logs a visit from the reminder card in the
 * console, the row lands in 拜访记录, and a team leader's weekly digest draws its charts.
 */
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(new URL("../../", import.meta.url).pathname, "artifacts/e2e");
const ADMIN = "e2e-admin-token";
/** 09:30 in Shanghai on Tuesday 2026-11-24, a working day. */
const TUESDAY = "2026-11-24T01:30:00Z";
/** 09:30 in Shanghai on the Monday after: the digest reports the week before. */
const MONDAY = "2026-11-30T01:30:00Z";
const SUMMARY = `e2e 拜访纪要 ${Date.now().toString(36)}：续约意向明确`;

type SentMessage = {
  message_id: string;
  msg_type: string;
  receiver_open_id?: string;
  receiver_name?: string;
  content: unknown;
};

describe("the real reminder and digest jobs in the console, in Chromium", () => {
  let world: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name) });

  const setClock = async (iso: string) => {
    const res = await fetch(`${world.sandbox.url}/_sandbox/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ now: iso }),
    });
    expect(res.status).toBe(200);
  };
  const messages = async (): Promise<SentMessage[]> => {
    const res = await fetch(`${world.sandbox.url}/_sandbox/messages`);
    return ((await res.json()) as { items: SentMessage[] }).items;
  };
  const cardJson = (m: SentMessage) => JSON.stringify(m.content);
  /** Through the service's admin API, as the console's clock page does; then waits for the ledger's run. */
  const runJob = async (name: string, at: string): Promise<JobRun> => {
    const before = (await world.service.services.ledger.lastJobRun(name))?.runId ?? 0;
    const res = await fetch(`${world.service.url}/admin/jobs/${name}?at=${encodeURIComponent(at)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(202);
    return vi.waitFor(
      async () => {
        const run = await world.service.services.ledger.lastJobRun(name);
        if (!run || run.runId <= before || run.status === "running") throw new Error(`${name} still running`);
        return run;
      },
      { timeout: 20_000, interval: 100 },
    );
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: these tests drive a real browser. Install it with ` +
          "`apt-get install -y chromium` (CI does); never `playwright install`.",
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    world = await startConsoleWorld({ adminToken: ADMIN, jobs: "real", accounts: 40, today: "2026-11-24" });
    await setClock(TUESDAY);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 45_000);

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("sync then reminders send the managers their reminder cards", async () => {
    const sync = await runJob("sync", TUESDAY);
    expect(sync.status).toBe("done");
    const reminders = await runJob("reminders", TUESDAY);
    expect(reminders, JSON.stringify(reminders.summary)).toMatchObject({
      status: "done",
      period: "2026-11-24",
    });
    const cards = (await messages()).filter(
      (m) => m.msg_type === "interactive" && cardJson(m).includes('"visit.log"'),
    );
    expect(cards.length).toBeGreaterThan(0);
  });

  it("a manager logs a visit from the reminder card: toast, 已记录 on the row, a new 拜访记录 row", async () => {
    const reminder = (await messages()).find(
      (m) => m.msg_type === "interactive" && cardJson(m).includes('"visit.log"') && m.receiver_open_id,
    )!;
    const manager = reminder.receiver_open_id!;
    await page.goto(`${world.sandbox.url}/console/chats`);
    await page.locator(`a.conv[data-key="user:${manager}"]`).click();
    const msg = page.locator(`.msg[data-message-id="${reminder.message_id}"]`);
    await msg.locator(".kam-card").waitFor();
    await shot("reminder-card.png");

    const callbacks = world.sandbox.state.cardCallbacks;
    const calls = callbacks.length;
    await msg.locator("button", { hasText: "记录拜访" }).first().click();
    const form = msg.locator(`form[data-name="${FORM.visit.form}"]`);
    await form.waitFor();
    expect(callbacks).toHaveLength(calls + 1);
    await form.locator(`input[name="${FORM.visit.date}"]`).fill("2026-11-23");
    await form.locator(`select[name="${FORM.visit.type}"]`).selectOption("onsite");
    await form.locator(`[name="${FORM.visit.summary}"]`).fill(SUMMARY);
    await shot("reminder-form.png");
    await form.locator(`button[name="${FORM.visit.submit}"]`).click();

    await page.locator("#toast.success", { hasText: "已记录 ✓" }).waitFor();
    expect(callbacks).toHaveLength(calls + 2);
    const submitted = callbacks.at(-1)!;
    expect(submitted).toMatchObject({ operatorOpenId: manager, cardUpdated: true });
    expect(submitted.error).toBeUndefined();
    expect((submitted.payload as { event: { action: unknown } }).event.action).toMatchObject({
      name: FORM.visit.submit,
      value: { action: "visit.log", step: "submit", date: "2026-11-24" },
      form_value: {
        [FORM.visit.date]: "2026-11-23 +0800",
        [FORM.visit.type]: "onsite",
        [FORM.visit.summary]: SUMMARY,
      },
    });
    await msg.locator(".kam-card", { hasText: "已记录" }).waitFor();
    expect(await form.count()).toBe(0);
    // The account moved on: 上次拜访 is the logged day.
    const accounts = [...world.sandbox.state.bases.get(world.config.appToken)!.tables.values()].find(
      (t) => t.name === "客户",
    )!;
    const lastVisit = accounts.fields.find((f) => f.field_name === "上次拜访")!;
    const { recordId } = (submitted.payload as { event: { action: { value: { recordId: string } } } }).event
      .action.value;
    const account = accounts.records.get(recordId)!;
    expect(shanghaiDate(Number(account.fields.get(lastVisit.field_id)))).toBe("2026-11-23");
    await shot("reminder-logged.png");

    await page.locator("nav a", { hasText: "多维表格" }).click();
    await page.locator("a", { hasText: /^拜访记录$/ }).click();
    // 100 rows a page, oldest first: the new row is on the last page.
    const next = page.locator(".pager a", { hasText: "下一页" });
    while ((await next.count()) > 0) await Promise.all([page.waitForURL(/page=/), next.click()]);
    const row = page.locator("#grid tbody tr", { hasText: SUMMARY });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await shot("reminder-visits.png");
  });

  it("the Monday digest reaches a team leader and its charts are drawn", async () => {
    await setClock(MONDAY);
    await runJob("sync", MONDAY);
    const digest = await runJob("digest", MONDAY);
    expect(digest, JSON.stringify(digest.summary)).toMatchObject({ status: "done" });
    const card = (await messages()).find(
      (m) => m.msg_type === "interactive" && m.receiver_open_id && cardJson(m).includes("客户周报"),
    );
    expect(card, "no digest card went to a team leader").toBeDefined();
    const leader = world.sandbox.state.users.get(card!.receiver_open_id!);
    expect(leader).toBeDefined();

    await page.goto(`${world.sandbox.url}/console/chats`);
    await page.locator(`a.conv[data-key="user:${leader!.open_id}"]`).click();
    const msg = page.locator(`.msg[data-message-id="${card!.message_id}"]`);
    await msg.locator(".kam-chart canvas").first().waitFor();
    const painted = await msg.evaluate((el) =>
      [...el.querySelectorAll<HTMLCanvasElement>(".kam-chart canvas")].map((canvas) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      }),
    );
    expect(painted.length).toBeGreaterThanOrEqual(2);
    for (const n of painted) expect(n).toBeGreaterThan(500);
    await msg.scrollIntoViewIfNeeded();
    await shot("digest.png");
    expect(pageErrors).toEqual([]);
  });
});
