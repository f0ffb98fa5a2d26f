import { afterEach, describe, expect, it } from "vitest";
import { createFetchTransport, type TransportError } from "../../src/feishu/transport.ts";
import { errBody, okBody, type ScriptServer, startScriptServer } from "./script-server.ts";

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const http = createFetchTransport();

describe("fetch transport (the SDK's HttpInstance)", () => {
  it("sends a GET without a body, even when the SDK passes an empty data object", async () => {
    server = await startScriptServer(() => ({ body: okBody() }));
    await http.request({ url: `${server.url}/x`, method: "get", data: {} });
    const seen = server.seen[0]!;
    expect(seen.method).toBe("GET");
    expect(seen.body).toBe("");
    expect(seen.headers["content-length"] ?? "0").toBe("0");
    expect(seen.headers["transfer-encoding"]).toBeUndefined();
  });

  it("serialises params, repeating arrays and skipping undefined", async () => {
    server = await startScriptServer(() => ({ body: okBody() }));
    await http.get(`${server.url}/x`, { params: { page_size: 500, ids: ["a", "b"], page_token: undefined } });
    const q = server.seen[0]!.query;
    expect(q.get("page_size")).toBe("500");
    expect(q.getAll("ids")).toEqual(["a", "b"]);
    expect(q.has("page_token")).toBe(false);
  });

  it("honours a paramsSerializer function", async () => {
    server = await startScriptServer(() => ({ body: okBody() }));
    await http.request({
      url: `${server.url}/x?fixed=1`,
      params: { a: 1 },
      paramsSerializer: (p: Record<string, unknown>) => `custom=${Object.keys(p).join("")}`,
    });
    expect(server.seen[0]!.query.get("custom")).toBe("a");
    expect(server.seen[0]!.query.get("fixed")).toBe("1");
  });

  it("sends JSON bodies with a JSON content type", async () => {
    server = await startScriptServer(() => ({ body: okBody() }));
    await http.post(`${server.url}/x`, { hello: "世界" });
    const seen = server.seen[0]!;
    expect(seen.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(seen.body)).toEqual({ hello: "世界" });
  });

  it("sends a DELETE body only when there is data", async () => {
    server = await startScriptServer(() => ({ body: okBody() }));
    await http.delete(`${server.url}/x`, { data: {} });
    await http.request({ url: `${server.url}/x`, method: "DELETE", data: { records: ["r1"] } });
    expect(server.seen[0]!.body).toBe("");
    expect(JSON.parse(server.seen[1]!.body)).toEqual({ records: ["r1"] });
  });

  it("returns the response body, or body and headers when asked", async () => {
    server = await startScriptServer(() => ({ headers: { "x-tt-logid": "log1" }, body: okBody({ n: 1 }) }));
    expect(await http.get(`${server.url}/x`)).toEqual(okBody({ n: 1 }));
    const both = await http.request<unknown, { data: unknown; headers: Record<string, string> }>({
      url: `${server.url}/x`,
      $return_headers: true,
    });
    expect(both.data).toEqual(okBody({ n: 1 }));
    expect(both.headers["x-tt-logid"]).toBe("log1");
  });

  it("throws an axios-like error with status, body and headers on a non-2xx answer", async () => {
    server = await startScriptServer(() => ({
      status: 429,
      headers: { "x-ogw-ratelimit-reset": "3" },
      body: errBody(99991400),
    }));
    const err = (await http.get(`${server.url}/x`).catch((e) => e)) as TransportError;
    expect(err.isAxiosError).toBe(true);
    expect(err.response?.status).toBe(429);
    expect(err.response?.data).toEqual(errBody(99991400));
    expect(err.response?.headers["x-ogw-ratelimit-reset"]).toBe("3");
  });

  it("reports a dropped connection as a network error without a response", async () => {
    server = await startScriptServer(() => "drop");
    const err = (await http.get(`${server.url}/x`).catch((e) => e)) as TransportError;
    expect(err.code).toBe("ERR_NETWORK");
    expect(err.response).toBeUndefined();
  });
});
