import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_RETRY_MS } from "../../src/sandbox/state.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { seedTable, startWorld } from "./bitable-fixture.ts";

let world: BitableWorld;
let receiver: Server;
/** event_id of every delivery, in arrival order; `failFirst` deliveries answer HTTP 500. */
let arrived: string[] = [];
let failFirst = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      arrived.push((JSON.parse(raw) as { header: { event_id: string } }).header.event_id);
      const status = arrived.length <= failFirst ? 500 : 200;
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  world = await startWorld();
  world.state.delivery = {
    eventUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/event`,
  };
  // Feishu's schedule is 15 s, 5 min, 1 h, 6 h; the same four steps, scaled down.
  world.state.limits.eventRetryMs = [100, 150, 200, 250];
});
afterAll(async () => {
  await world.sandbox.stop();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function writeOnce(name: string): Promise<void> {
  const { appToken, path } = seedTable(world.state, undefined, name);
  await world.client.drive.file.subscribe({
    path: { file_token: appToken },
    params: { file_type: "bitable" },
  });
  await world.client.bitable.appTableRecord.create({ path, data: { fields: { Name: name } } });
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("events the app does not take are pushed again (Feishu: 15 s, 5 min, 1 h, 6 h; at most 4 times)", () => {
  it("documents Feishu's schedule as the default", () => {
    expect(EVENT_RETRY_MS).toEqual([15_000, 300_000, 3_600_000, 21_600_000]);
  });

  it("re-pushes the same event until the app answers 200, then stops", async () => {
    arrived = [];
    failFirst = 2;
    await writeOnce("Repushed");
    await settle(1_500);
    expect(arrived).toHaveLength(3);
    expect(new Set(arrived).size).toBe(1);
  });

  it("gives up after four re-pushes", async () => {
    arrived = [];
    failFirst = 100;
    await writeOnce("GivenUp");
    await settle(2_000);
    expect(arrived).toHaveLength(5);
    expect(new Set(arrived).size).toBe(1);
  });

  it("pushes once when the app takes the event at once", async () => {
    arrived = [];
    failFirst = 0;
    await writeOnce("TakenAtOnce");
    await settle(1_000);
    expect(arrived).toHaveLength(1);
  });
});
