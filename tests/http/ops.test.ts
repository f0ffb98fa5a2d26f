import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics.ts";
import type { SqliteLedger } from "../../src/store/sqlite.ts";
import { ADMIN_TOKEN, cardAction, deliver, envelope, listen, post, testApp } from "./fixtures.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(...args: Parameters<typeof testApp>) {
  const t = testApp(...args);
  const server = await listen(t.app);
  servers.push(server);
  return { ...t, url: (path: string) => `${server.url}${path}` };
}

const admin = (url: string, authorization?: string) =>
  fetch(url, { method: "POST", headers: authorization ? { authorization } : {} });

describe("POST /admin/jobs/:name", () => {
  it("refuses a missing, wrong or non-Bearer token with 401 before looking at the job", async () => {
    const { url, recorded } = await start();
    for (const auth of [undefined, "Bearer wrong", `Basic ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}x`]) {
      const res = await admin(url("/admin/jobs/no-such-job"), auth);
      expect(res.status).toBe(401);
      expect(await res.json()).toHaveProperty("error");
    }
    expect(recorded.jobs).toEqual([]);
  });

  it("answers 404 for a job that does not exist", async () => {
    const { url } = await start();
    expect((await admin(url("/admin/jobs/no-such-job"), `Bearer ${ADMIN_TOKEN}`)).status).toBe(404);
  });

  it("starts the job and answers 202 with its run id", async () => {
    const { url, recorded } = await start();
    const res = await admin(url("/admin/jobs/reminders"), `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ job: "reminders", runId: "reminders:1" });
    expect(recorded.jobs).toEqual(["reminders"]);
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text with request counts, callback latency, duplicates and service counters", async () => {
    const { url } = await start();
    const d = deliver(envelope("im.chat.disbanded_v1", {}, { eventId: "evt-m" }));
    await post(url("/feishu/events"), d);
    await post(url("/feishu/events"), deliver(envelope("im.chat.disbanded_v1", {}, { eventId: "evt-m" })));
    await post(url("/feishu/events"), { headers: {}, body: "nope" });
    const res = await fetch(url("/metrics"));
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('kam_http_requests_total{route="/feishu/events",status="200"} 2');
    expect(text).toContain('kam_http_requests_total{route="/feishu/events",status="400"} 1');
    expect(text).toContain("# TYPE kam_callback_latency_seconds histogram");
    expect(text).toContain('kam_callback_latency_seconds_bucket{route="/feishu/events",le="+Inf"} 3');
    expect(text).toContain('kam_callback_latency_seconds_count{route="/feishu/events"} 3');
    expect(text).toContain("kam_events_duplicate_total 1");
    for (const name of ["kam_sends_total", "kam_retries_total", "kam_faults_total", "kam_job_runs_total"]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
    for (const line of text.trimEnd().split("\n")) {
      if (!line.startsWith("#")) expect(line).toMatch(sample);
    }
  });
});

describe("metric series", () => {
  it("counts card actions by action and outcome", async () => {
    const { url } = await start();
    await post(url("/feishu/cards"), deliver(cardAction({ action: "visit.log" })));
    await post(url("/feishu/cards"), deliver(cardAction({ action: "visit.log" })));
    await post(url("/feishu/cards"), deliver(cardAction({ action: "no.such" })));
    const text = await (await fetch(url("/metrics"))).text();
    expect(text).toContain('kam_card_actions_total{action="visit.log",outcome="ok"} 2');
    expect(text).toContain('kam_card_actions_total{action="unknown",outcome="unknown"} 1');
  });

  it("adds a series resolved up front to the one named by its labels, and shows it only once used", () => {
    const metrics = createMetrics();
    const counter = metrics.counter("kam_test_total", "Test.");
    const histogram = metrics.histogram("kam_test_seconds", "Test.", [0.1, 1]);
    const bound = counter.with({ route: "/x", status: 200 });
    const timed = histogram.with({ route: "/x" });
    expect(metrics.render()).not.toContain('route="/x"');
    bound.inc();
    counter.inc({ status: 200, route: "/x" });
    timed.observe(0.5);
    histogram.observe(2, { route: "/x" });
    expect(counter.value({ route: "/x", status: 200 })).toBe(2);
    const text = metrics.render();
    expect(text).toContain('kam_test_total{route="/x",status="200"} 2');
    expect(text).toContain('kam_test_seconds_bucket{route="/x",le="1"} 1');
    expect(text).toContain('kam_test_seconds_count{route="/x"} 2');
  });
});

describe("GET /healthz", () => {
  it("answers 200 ok with the ledger and Feishu checks", async () => {
    const { url } = await start();
    const res = await fetch(url("/healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { ledger: { ok: true }, feishu: { ok: true } },
    });
  });

  it("stays 200 but degraded when Feishu does not answer within the probe timeout", async () => {
    const t = testApp({}, { probeTimeoutMs: 100 });
    t.deps.feishu.probe = () => new Promise(() => {});
    const server = await listen(t.app);
    servers.push(server);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "degraded",
      checks: { feishu: { ok: false, error: "timed out after 100 ms" } },
    });
  });

  it("answers 503 when the ledger is broken", async () => {
    const { url, deps } = await start();
    (deps.ledger as SqliteLedger).close();
    const res = await fetch(url("/healthz"));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "down", checks: { ledger: { ok: false } } });
  });
});
