import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrg } from "../../src/sandbox/demo-org.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";

/** The SDK logs every failed call; the failures here are the point, so keep the output clean. */
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const APP = { appId: "cli_sandbox_contact", appSecret: "contact-secret" };
const ORG = demoOrg(42, { managers: 20, teams: 3 });
const head = ORG.users[0]!;
const eastTeam = ORG.departments[1]!;
const eastLeader = ORG.users.find((u) => u.open_id === eastTeam.leader_user_id)!;
const eastManager = ORG.users.find((u) => u.leader_user_id === eastLeader.open_id)!;

let sandbox: RunningSandbox;
let client: lark.Client;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
  await fetch(`${sandbox.url}/_sandbox/seed/org`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ demo: true, managers: 20, teams: 3, seed: 42 }),
  });
  client = new lark.Client({
    ...APP,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
    cache: new lark.DefaultCache(),
  });
});
afterAll(() => sandbox.stop());

async function feishuError(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    const res = (err as { response?: { status: number; data: { code: number } } }).response;
    if (res) return { status: res.status, code: res.data.code };
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("contact users", () => {
  it("reads one user by open_id with the documented fields", async () => {
    const res = await client.contact.user.get({
      path: { user_id: eastManager.open_id },
      params: { user_id_type: "open_id" },
    });
    expect(res.data?.user).toMatchObject({
      open_id: eastManager.open_id,
      user_id: eastManager.user_id,
      union_id: eastManager.union_id,
      name: eastManager.name,
      email: eastManager.email,
      department_ids: [eastTeam.open_department_id],
      leader_user_id: eastLeader.open_id,
      status: { is_activated: true, is_resigned: false },
    });
  });

  it("follows leader_user_id from a manager to the team leader to the company head", async () => {
    const chain: string[] = [];
    let id: string | undefined = eastManager.open_id;
    while (id) {
      const res = await client.contact.user.get({ path: { user_id: id } });
      chain.push(res.data!.user!.name!);
      id = res.data!.user!.leader_user_id;
    }
    expect(chain).toEqual([eastManager.name, eastLeader.name, head.name]);
  });

  it("renders leader_user_id in the id type the request asked for", async () => {
    const res = await client.contact.user.get({
      path: { user_id: eastManager.user_id },
      params: { user_id_type: "user_id" },
    });
    expect(res.data?.user?.leader_user_id).toBe(eastLeader.user_id);
  });

  it("answers 41050 for a user it cannot see", async () => {
    expect(await feishuError(client.contact.user.get({ path: { user_id: "ou_missing" } }))).toEqual({
      status: 400,
      code: 41050,
    });
  });
});

describe("contact users in a batch (contact/v3/users/batch)", () => {
  it("returns the people it can see, in one call, leaving out the rest", async () => {
    const res = await client.contact.user.batch({
      params: { user_ids: [eastManager.open_id, "ou_missing", eastLeader.open_id], user_id_type: "open_id" },
    });
    expect(res.code).toBe(0);
    expect(res.data?.items?.map((u) => u.open_id)).toEqual([eastManager.open_id, eastLeader.open_id]);
    expect(res.data?.items?.[0]).toMatchObject({
      name: eastManager.name,
      leader_user_id: eastLeader.open_id,
    });
  });

  it("answers 40001 for more than 50 ids", async () => {
    const ids = ORG.users
      .slice(0, 1)
      .flatMap((u) => Array.from({ length: 51 }, (_, i) => `${u.open_id}${i}`));
    expect(await feishuError(client.contact.user.batch({ params: { user_ids: ids } }))).toEqual({
      status: 400,
      code: 40001,
    });
  });
});

describe("department members", () => {
  const direct = ORG.users
    .filter((u) => u.department_ids.includes(eastTeam.open_department_id))
    .map((u) => u.open_id);

  it("pages a department's direct members with page_token and has_more", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await client.contact.user.findByDepartment({
        params: {
          department_id: eastTeam.open_department_id,
          page_size: 3,
          ...(pageToken ? { page_token: pageToken } : {}),
        },
      });
      seen.push(...res.data!.items!.map((u) => u.open_id!));
      pageToken = res.data!.has_more ? res.data!.page_token : undefined;
      pages++;
    } while (pageToken);
    expect(seen).toEqual(direct);
    expect(pages).toBe(Math.ceil(direct.length / 3));
  });

  it("works with the SDK's iterator too", async () => {
    const seen: string[] = [];
    const iterator = await client.contact.user.findByDepartmentWithIterator({
      params: { department_id: eastTeam.department_id, department_id_type: "department_id", page_size: 2 },
    });
    for await (const page of iterator) seen.push(...(page?.items ?? []).map((u) => u.open_id!));
    expect(seen).toEqual(direct);
  });

  it("refuses page_size over 50 (40011) and a forged page_token (40012)", async () => {
    const department_id = eastTeam.open_department_id;
    expect(
      await feishuError(client.contact.user.findByDepartment({ params: { department_id, page_size: 51 } })),
    ).toMatchObject({
      code: 40011,
    });
    expect(
      await feishuError(
        client.contact.user.findByDepartment({ params: { department_id, page_token: "bm9wZQ" } }),
      ),
    ).toMatchObject({ code: 40012 });
  });

  it("lists users by department with the older list API", async () => {
    const res = await client.contact.user.list({
      params: { department_id: eastTeam.open_department_id, page_size: 50 },
    });
    expect(res.data?.items?.map((u) => u.open_id)).toEqual(direct);
  });

  it("reads a department with its leader and member count", async () => {
    const res = await client.contact.department.get({ path: { department_id: eastTeam.open_department_id } });
    expect(res.data?.department).toMatchObject({
      name: eastTeam.name,
      leader_user_id: eastLeader.open_id,
      member_count: direct.length,
      parent_department_id: ORG.departments[0]!.open_department_id,
    });
  });
});
