import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the scripted server saw it. */
export type Seen = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
};

export type Answer = { status?: number; headers?: Record<string, string>; body?: unknown } | "drop";
type Handler = (req: Seen, n: number) => Answer | Promise<Answer>;

export type ScriptServer = {
  url: string;
  /** Every request except the token endpoint. */
  seen: Seen[];
  tokenRequests: number;
  close(): Promise<void>;
};

const TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";

/**
 * A tiny Feishu stand-in for transport tests: answers the token endpoint itself (a new token each
 * time: t-1, t-2 …) and hands every other request, numbered from 1, to the script. "drop" cuts the
 * connection without an answer.
 */
export async function startScriptServer(script: Handler): Promise<ScriptServer> {
  const state = { seen: [] as Seen[], tokenRequests: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://local");
    const seen: Seen = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    if (seen.path === TOKEN_PATH) {
      state.tokenRequests++;
      return json(
        res,
        200,
        {},
        { code: 0, msg: "ok", tenant_access_token: `t-${state.tokenRequests}`, expire: 7200 },
      );
    }
    state.seen.push(seen);
    const answer = await script(seen, state.seen.length);
    if (answer === "drop") {
      req.socket.destroy();
      return;
    }
    json(
      res,
      answer.status ?? 200,
      answer.headers ?? {},
      answer.body ?? { code: 0, msg: "success", data: {} },
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get seen() {
      return state.seen;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(
  res: import("node:http").ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export const okBody = (data: unknown = {}) => ({ code: 0, msg: "success", data });
export const errBody = (code: number, msg = `error ${code}`) => ({ code, msg, data: {} });
