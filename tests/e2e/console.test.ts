import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CardActionHandler } from "../../src/deps.ts";
import { shanghaiDate } from "../../src/sandbox/console/shanghai-time.ts";
import type { SandboxUser } from "../../src/sandbox/state.ts";
import { ackCard, chartCard } from "./console-cards.ts";
import { type ConsoleWorld, startConsoleWorld } from "./console-world.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(new URL("../../", import.meta.url).pathname, "artifacts/e2e");
const ADMIN = "e2e-admin-token";
const RECORD_CHANGED = "drive.file.bitable_record_changed_v1";

describe("the sandbox console in Chromium", () => {
  let world: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  let manager: SandboxUser;
  let cardId = "";
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name) });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: these tests drive a real browser. Install it with ` +
          "`apt-get install -y chromium` (CI does); never `playwright install`.",
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    world = await startConsoleWorld({ adminToken: ADMIN });
    const ack: CardActionHandler = async ({ value, event }) => {
      const step = String(value.step);
      const note = event.action.form_value?.note;
      return {
        toast: { type: "success", content: `已记录 recorded ${step}` },
        card: ackCard(`已处理 done: ${step}${note ? ` · ${String(note)}` : ""}`),
      };
    };
    world.service.deps.actions = { ...world.service.deps.actions, "e2e.ack": ack };
    manager = [...world.sandbox.state.users.values()].find((u) => u.job_title?.endsWith("大客户经理"))!;
    const to = { receiveIdType: "open_id" as const, receiveId: manager.open_id };
    cardId = (
      await world.client.messenger.sendCard({ ...to, uuid: "e2e-ack", card: ackCard("待处理 pending") })
    ).messageId;
    await world.client.messenger.sendCard({ ...to, uuid: "e2e-chart", card: chartCard() });
    await world.client.messenger.sendText({ ...to, uuid: "e2e-text", text: "你好 <b>not bold</b>" });
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
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 45_000);

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("lists the manager's chat with unread messages and shows cards, a drawn chart and escaped text", async () => {
    await page.goto(`${world.sandbox.url}/`);
    expect(new URL(page.url()).pathname).toBe("/console/chats");
    const link = page.locator(`a.conv[data-key="user:${manager.open_id}"]`);
    expect(await link.locator(".count.unread").textContent()).toBe("3/3");
    await link.click();
    await page.locator(`.msg[data-message-id="${cardId}"] .kam-card`).waitFor();
    expect(await page.locator(".msg .kam-card").count()).toBe(2);
    expect(await page.locator(".msg-text").textContent()).toBe("你好 <b>not bold</b>");
    expect(await page.locator(".msg-text b").count()).toBe(0);

    await page.locator(".kam-chart canvas").waitFor();
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>(".kam-chart canvas")!;
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    await shot("console-chat.png");
  });

  it("clicking a card button delivers a callback as the chat's user and shows the toast and the new card", async () => {
    const card = page.locator(`.msg[data-message-id="${cardId}"]`);
    await card.locator('button[name="ack_btn"]').click();
    await page.locator("#toast", { hasText: "已记录 recorded click" }).waitFor();
    await card.locator(".kam-card", { hasText: "已处理 done: click" }).waitFor();
    const callback = world.sandbox.state.cardCallbacks.at(-1)!;
    expect(callback.operatorOpenId).toBe(manager.open_id);
    expect(callback.cardUpdated).toBe(true);
  });

  it("submitting a card form sends its values and the submit button's name and value", async () => {
    const card = page.locator(`.msg[data-message-id="${cardId}"]`);
    await card.locator('input[name="note"]').fill("拜访顺利");
    await card.locator('button[name="submit_btn"]').click();
    await page.locator("#toast", { hasText: "已记录 recorded form" }).waitFor();
    await card.locator(".kam-card", { hasText: "已处理 done: form · 拜访顺利" }).waitFor();
    const payload = world.sandbox.state.cardCallbacks.at(-1)!.payload as {
      event: { action: { name?: string; value: unknown; form_value?: unknown } };
    };
    expect(payload.event.action).toMatchObject({
      name: "submit_btn",
      value: { action: "e2e.ack", step: "form" },
      form_value: { note: "拜访顺利", visit_date: "2026-03-01 +0800" },
    });
    await shot("console-card-updated.png");
  });

  it("editing a 客户 cell shows Feishu's validation error, then saves as a person and fires a change event", async () => {
    await page.locator("nav a", { hasText: "多维表格" }).click();
    await page.locator("a", { hasText: /^客户$/ }).click();
    const cell = page.locator('#grid tbody tr:first-child td[data-field="战略匹配"]');
    const recordId = await page.locator("#grid tbody tr:first-child").getAttribute("data-record-id");
    await cell.click();
    await cell.locator("input").fill("abc");
    await cell.locator("input").press("Enter");
    await page.locator("#grid-error", { hasText: "1254015" }).waitFor();

    await cell.locator("input").fill("4");
    await cell.locator("input").press("Enter");
    await page
      .locator('#grid tbody tr:first-child td.saved[data-field="战略匹配"]', { hasText: "4" })
      .waitFor();
    expect(await page.locator("#grid-error").isHidden()).toBe(true);
    const table = [...world.sandbox.state.bases.get(world.config.appToken)!.tables.values()].find(
      (t) => t.name === "客户",
    )!;
    const row = table.records.get(recordId!)!;
    const field = table.fields.find((f) => f.field_name === "战略匹配")!;
    expect(row.fields.get(field.field_id)).toBe(4);
    expect(world.sandbox.state.users.get(row.last_modified_by!)?.job_title).toMatch(/总监/);
    await shot("console-table.png");

    await page.goto(`${world.sandbox.url}/console/calls?kind=event`);
    await page.locator("#calls td", { hasText: RECORD_CHANGED }).first().waitFor();
    const delivered = world.sandbox.state.callLog.filter((e) => e.api === RECORD_CHANGED);
    expect(delivered.at(-1)).toMatchObject({ kind: "event", status: 200, code: 0 });
    await shot("console-calls.png");
  });

  it("runs the day's jobs through the service's admin API and steps the clock a day", async () => {
    await page.locator("nav a", { hasText: "时钟" }).click();
    await page.locator("#job-names").fill("sync,reminders,nope");
    await page.locator("#run-today").click();
    await page.locator("#job-log li").nth(2).waitFor();
    const lines = await page.locator("#job-log li").allTextContents();
    expect(lines[0]).toContain("sync: 202");
    expect(lines[1]).toContain("reminders: 202");
    expect(lines[2]).toContain("nope: 404");
    expect(await page.locator("#job-log li.bad").count()).toBe(1);
    const today = (await page.locator(".clock-time").textContent())!.slice(0, 10);
    await vi.waitFor(() => expect(world.jobsRun).toHaveLength(2));
    expect(world.jobsRun).toEqual([
      { name: "sync", day: today },
      { name: "reminders", day: today },
    ]);

    const before = world.sandbox.state.clock.now();
    await page.locator("[data-advance-days='1']").click();
    await page.locator("#job-log li").nth(5).waitFor();
    const ahead = world.sandbox.state.clock.now() - before;
    expect(ahead).toBeGreaterThanOrEqual(86_400_000);
    expect(ahead).toBeLessThan(86_400_000 + 60_000);
    const tomorrow = shanghaiDate(before + 86_400_000);
    await vi.waitFor(() => expect(world.jobsRun).toHaveLength(4));
    expect(world.jobsRun.slice(2)).toEqual([
      { name: "sync", day: tomorrow },
      { name: "reminders", day: tomorrow },
    ]);
    await shot("console-clock.png");
    expect(pageErrors).toEqual([]);
  });
});
