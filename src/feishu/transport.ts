import type { HttpInstance, HttpRequestOptions } from "@larksuiteoapi/node-sdk";

/**
 * The SDK's HttpInstance on web-standard fetch, so the same client runs on Node and in Workers.
 * Requests are normalised once into an HttpRequest; the policy layers (pacing, table lock, retry)
 * are Exchange → Exchange wrappers, and only the innermost one touches the network.
 */
export type HttpRequest = {
  method: string;
  /** Full URL, query included. */
  url: string;
  /** Query parameters as given (policy layers read client_token, receive_id_type… from here). */
  params: Record<string, unknown>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body as given, for inspection; `body` is what goes on the wire. */
  data?: unknown;
  body?: BodyInit;
  responseType?: string;
  timeoutMs?: number;
};

export type HttpResponse = {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  data: unknown;
};

export type Exchange = (req: HttpRequest) => Promise<HttpResponse>;

/** What axios throws, as far as the SDK and our callers look at it. */
export type TransportError = Error & {
  isAxiosError: true;
  code?: string;
  response?: { status: number; statusText?: string; data: unknown; headers: Record<string, string> };
  config: { method: string; url: string };
};

export function fetchExchange(opts: { fetch?: typeof fetch; timeoutMs?: number } = {}): Exchange {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  return async (req) => {
    const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? 30_000;
    let res: Response;
    try {
      res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const name = (cause as Error).name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      throw transportError(
        timedOut ? `timeout of ${timeoutMs}ms exceeded` : `network error: ${(cause as Error).message}`,
        req,
        timedOut ? "ECONNABORTED" : "ERR_NETWORK",
      );
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    return {
      status: res.status,
      statusText: res.statusText,
      headers,
      data: await readBody(res, req.responseType),
    };
  };
}

async function readBody(res: Response, responseType?: string): Promise<unknown> {
  if (responseType === "stream") return res.body;
  if (responseType === "arraybuffer") return await res.arrayBuffer();
  if (responseType === "blob") return await res.blob();
  const text = await res.text();
  if (responseType === "text" || text === "") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Axios semantics on top of an Exchange: returns the body (or {data, headers}), throws on non-2xx. */
export function toHttpInstance(exchange: Exchange): HttpInstance {
  const request = async <R>(opts: HttpRequestOptions<unknown>): Promise<R> => {
    const req = normalise(opts);
    const res = await exchange(req);
    if (res.status < 200 || res.status >= 300) {
      const err = transportError(
        `Request failed with status code ${res.status}`,
        req,
        res.status >= 500 ? "ERR_BAD_RESPONSE" : "ERR_BAD_REQUEST",
      );
      err.response = { status: res.status, statusText: res.statusText, data: res.data, headers: res.headers };
      throw err;
    }
    return (opts.$return_headers ? { data: res.data, headers: res.headers } : res.data) as R;
  };
  const withoutBody =
    (method: string) =>
    <T = unknown, R = T>(url: string, opts?: HttpRequestOptions<unknown>) =>
      request<R>({ ...opts, url, method });
  const withBody =
    (method: string) =>
    <T = unknown, R = T>(url: string, data?: unknown, opts?: HttpRequestOptions<unknown>) =>
      request<R>({ ...opts, url, method, data });
  return {
    request: (opts) => request(opts),
    get: withoutBody("GET"),
    delete: withoutBody("DELETE"),
    head: withoutBody("HEAD"),
    options: withoutBody("OPTIONS"),
    post: withBody("POST"),
    put: withBody("PUT"),
    patch: withBody("PATCH"),
  } as HttpInstance;
}

export function normalise(opts: HttpRequestOptions<unknown>): HttpRequest {
  const method = (opts.method ?? "GET").toUpperCase();
  const params = (opts.params ?? {}) as Record<string, unknown>;
  const query = serialiseParams(params, opts.paramsSerializer);
  const base = opts.url ?? "";
  const url = query ? `${base}${base.includes("?") ? "&" : "?"}${query}` : base;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
  }
  const req: HttpRequest = {
    method,
    url,
    params,
    headers,
    responseType: opts.responseType,
    timeoutMs: opts.timeout,
  };
  if (hasBody(method, opts.data)) {
    req.data = opts.data;
    req.body = encodeBody(opts.data, headers);
  }
  return req;
}

/** GET and HEAD never carry a body (Workers' fetch rejects one); DELETE/OPTIONS only when given real data. */
function hasBody(method: string, data: unknown): boolean {
  if (method === "GET" || method === "HEAD") return false;
  if (data === undefined || data === null) return false;
  if (method === "DELETE" || method === "OPTIONS") return !isEmptyPlainObject(data);
  return true;
}

function isEmptyPlainObject(data: unknown): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    Object.getPrototypeOf(data) === Object.prototype &&
    Object.keys(data).length === 0
  );
}

function encodeBody(data: unknown, headers: Record<string, string>): BodyInit {
  if (
    typeof data === "string" ||
    data instanceof ArrayBuffer ||
    ArrayBuffer.isView(data) ||
    data instanceof URLSearchParams ||
    (typeof FormData !== "undefined" && data instanceof FormData) ||
    (typeof Blob !== "undefined" && data instanceof Blob)
  ) {
    return data as BodyInit;
  }
  headers["content-type"] ??= "application/json; charset=utf-8";
  return JSON.stringify(data);
}

type Serializer = HttpRequestOptions<unknown>["paramsSerializer"];

export function serialiseParams(params: Record<string, unknown>, serializer?: Serializer): string {
  if (typeof serializer === "function") return serializer(params);
  const custom = serializer && typeof serializer === "object" ? serializer.serialize : undefined;
  if (typeof custom === "function") return custom(params, serializer as never);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      search.append(
        key,
        v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v),
      );
    }
  }
  return search.toString();
}

function transportError(message: string, req: HttpRequest, code: string): TransportError {
  return Object.assign(new Error(message), {
    isAxiosError: true as const,
    code,
    config: { method: req.method, url: req.url.split("?")[0] ?? req.url },
  });
}

/** A fetch-based HttpInstance with no policies: for tools and tests that want the bare wire. */
export function createFetchTransport(opts: { fetch?: typeof fetch; timeoutMs?: number } = {}): HttpInstance {
  return toHttpInstance(fetchExchange(opts));
}
