import { afterEach, describe, expect, it } from "vitest";
import type { CardActionContext, CardActionHandler } from "../../src/deps.ts";
import { cardAction, deliver, listen, post, slow, testApp } from "./fixtures.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(actions: Record<string, CardActionHandler> = {}) {
  const t = testApp({ actions });
  const server = await listen(t.app);
  servers.push(server);
  return { ...t, url: `${server.url}/feishu/cards` };
}

const updatedCard = { schema: "2.0", config: { update_multi: true }, body: { elements: [] } };

describe("POST /feishu/cards over HTTP", () => {
  it("answers with the handler's toast and card as {type: raw} when it finishes in time", async () => {
    const { url, recorded } = await start();
    const res = await post(url, deliver(cardAction({ action: "visit.log", account: "C0001" })));
    expect(res).toMatchObject({
      status: 200,
      json: { toast: { type: "success", content: "已记录" }, card: { type: "raw", data: { schema: "2.0" } } },
    });
    expect(recorded.actions[0]).toMatchObject({ name: "visit.log", value: { account: "C0001" } });
  });

  it("answers a slow handler within 3 s with a 处理中 toast and delivers its card as a delayed update", async () => {
    const { url, deps, recorded } = await start({
      "visit.slow": slow(3_500, { toast: { type: "success", content: "done" }, card: updatedCard }),
    });
    const started = Date.now();
    const res = await post(url, deliver(cardAction({ action: "visit.slow" })));
    const ms = Date.now() - started;
    expect(res).toMatchObject({ status: 200, json: { toast: { type: "info", content: "处理中…" } } });
    expect(ms).toBeLessThan(3_000);
    expect(recorded.actions[0]?.late.aborted).toBe(true);
    expect(recorded.cardUpdates).toEqual([]);
    expect(await deps.background.drain(5_000)).toBe(true);
    expect(recorded.cardUpdates).toEqual([{ token: "c-card-update-token", card: updatedCard }]);
  });

  it("answers an error toast with HTTP 200 when the handler throws", async () => {
    const { url } = await start({
      "visit.broken": async () => {
        throw new Error("Bitable said no");
      },
    });
    const res = await post(url, deliver(cardAction({ action: "visit.broken" })));
    expect(res).toMatchObject({ status: 200, json: { toast: { type: "error" } } });
  });

  it("answers a warning toast for an action nobody handles", async () => {
    const { url } = await start();
    for (const value of [{ action: "no.such" }, { action: "constructor" }, { nothing: 1 }]) {
      const res = await post(url, deliver(cardAction(value)));
      expect(res).toMatchObject({ status: 200, json: { toast: { type: "warning" } } });
    }
  });

  it("accepts a string action value as the action id", async () => {
    const { url, recorded } = await start();
    expect((await post(url, deliver(cardAction("visit.log")))).status).toBe(200);
    expect(recorded.actions[0]?.value).toEqual({ action: "visit.log" });
  });

  it("runs a card action once when the same event_id arrives twice", async () => {
    const { url, recorded } = await start();
    const first = await post(url, deliver(cardAction({ action: "visit.log" }, { eventId: "evt-card-1" })));
    const again = await post(url, deliver(cardAction({ action: "visit.log" }, { eventId: "evt-card-1" })));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json).toEqual({});
    expect(recorded.actions).toHaveLength(1);
  });

  it("runs a card action once when the same event_id arrives twice at the same moment", async () => {
    const { url, recorded } = await start();
    const d = deliver(cardAction({ action: "visit.log" }, { eventId: "evt-card-twice" }));
    const answers = await Promise.all([post(url, d), post(url, d)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.filter((a) => a.json?.toast !== undefined)).toHaveLength(1);
    expect(recorded.actions).toHaveLength(1);
  });
});

describe("the late signal of a card handler", () => {
  const request = (t: ReturnType<typeof testApp>, value: unknown) => {
    const d = deliver(cardAction(value));
    return t.app.request("/feishu/cards", { method: "POST", headers: d.headers, body: d.body });
  };

  it("fires for a handler still running when the 处理中 answer goes out", async () => {
    let aborted = false;
    const t = testApp(
      {
        actions: {
          "visit.wait": (ctx) =>
            new Promise((resolve) => {
              ctx.late.addEventListener("abort", () => {
                aborted = true;
                resolve({ toast: { type: "success", content: "done" } });
              });
            }),
        },
      },
      { cardBudgetMs: 50 },
    );
    const res = await request(t, { action: "visit.wait" });
    expect(await res.json()).toEqual({ toast: { type: "info", content: "处理中…" } });
    expect(await t.deps.background.drain(1_000)).toBe(true);
    expect(aborted).toBe(true);
  });

  it("stays quiet for a handler that answers in time", async () => {
    let seen: CardActionContext | undefined;
    const t = testApp({
      actions: {
        "visit.quick": async (ctx) => {
          seen = ctx;
          return { toast: { type: "success", content: "ok" } };
        },
      },
    });
    await request(t, { action: "visit.quick" });
    expect(seen?.late.aborted).toBe(false);
  });
});
