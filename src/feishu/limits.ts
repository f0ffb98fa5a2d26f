/**
 * The Open APIs we call, as data: documented rate (per app per tenant; "1000/min & 50/s" trips on
 * either), whether a call reads or writes a Bitable table, and whether repeating it is harmless.
 * Rates come from each API's page (接口频率限制) and 频控策略; IM per-recipient limits from 发送消息.
 */
export type Rate = { key: string; perSecond?: number; perMinute?: number };

export type CallInfo = {
  /** Stable name for metrics and logs, e.g. "bitable.record.batch_create". */
  api: string;
  rates: Rate[];
  /** The Bitable table the call touches, for the per-table lock. */
  table?: { key: string; access: "read" | "write" };
  /** True when sending the same request twice cannot do anything twice. */
  idempotent: boolean;
};

type Call = { params: Record<string, unknown>; data: unknown; match: RegExpExecArray };

type ApiLimit = {
  api: string;
  method: string;
  /** Matched against the path after /open-apis/; `:name` segments are captured in order. */
  path: RegExp;
  perSecond?: number;
  perMinute?: number;
  table?: "read" | "write";
  idempotent: boolean | ((call: Call) => boolean);
  /** Extra, narrower windows (one user, one chat, one message). */
  scoped?: (call: Call) => Rate[];
};

type Extra = Partial<Pick<ApiLimit, "perSecond" | "perMinute" | "table" | "idempotent" | "scoped">>;

/** `limit("x", "POST bitable/v1/apps/:app/tables", {...})`: one documented API per line. */
function limit(api: string, route: string, extra: Extra): ApiLimit {
  const [method = "GET", path = ""] = route.split(" ");
  const pattern = path.replace(/:[a-z_]+/g, "([^/]+)");
  return { api, method, path: new RegExp(`^${pattern}$`), idempotent: true, ...extra };
}

const hasClientToken = ({ params }: Call) =>
  typeof params.client_token === "string" && params.client_token !== "";
const hasUuid = ({ data }: Call) => typeof field(data, "uuid") === "string" && field(data, "uuid") !== "";
const tier4 = { perSecond: 50, perMinute: 1000 };
const read20 = { perSecond: 20, table: "read" } as const;
const write50 = { perSecond: 50, table: "write" } as const;
const T = "bitable/v1/apps/:app_token/tables/:table_id";

export const API_LIMITS: readonly ApiLimit[] = [
  limit("auth.tenant_access_token", "POST auth/v3/tenant_access_token/internal", tier4),
  limit("auth.app_access_token", "POST auth/v3/app_access_token/internal", tier4),

  limit("bitable.table.list", "GET bitable/v1/apps/:app_token/tables", { perSecond: 20 }),
  limit("bitable.table.create", "POST bitable/v1/apps/:app_token/tables", {
    perSecond: 10,
    idempotent: false,
  }),
  limit("bitable.field.list", `GET ${T}/fields`, read20),
  limit("bitable.field.create", `POST ${T}/fields`, {
    perSecond: 10,
    table: "write",
    idempotent: hasClientToken,
  }),
  limit("bitable.field.update", `PUT ${T}/fields/:field_id`, { perSecond: 10, table: "write" }),
  limit("bitable.record.search", `POST ${T}/records/search`, read20),
  limit("bitable.record.list", `GET ${T}/records`, read20),
  limit("bitable.record.get", `GET ${T}/records/:record_id`, read20),
  limit("bitable.record.batch_get", `POST ${T}/records/batch_get`, read20),
  limit("bitable.record.create", `POST ${T}/records`, { ...write50, idempotent: hasClientToken }),
  limit("bitable.record.batch_create", `POST ${T}/records/batch_create`, {
    ...write50,
    idempotent: hasClientToken,
  }),
  limit("bitable.record.update", `PUT ${T}/records/:record_id`, write50),
  limit("bitable.record.batch_update", `POST ${T}/records/batch_update`, write50),
  limit("bitable.record.delete", `DELETE ${T}/records/:record_id`, write50),
  limit("bitable.record.batch_delete", `POST ${T}/records/batch_delete`, write50),

  limit("im.message.create", "POST im/v1/messages", {
    ...tier4,
    idempotent: hasUuid,
    // 5/s to one user; 5/s to one group, shared by every bot in it.
    scoped: ({ data }) => {
      const to = field(data, "receive_id");
      return typeof to === "string" ? [{ key: `im.recipient:${to}`, perSecond: 5 }] : [];
    },
  }),
  limit("im.message.reply", "POST im/v1/messages/:message_id/reply", { ...tier4, idempotent: hasUuid }),
  limit("im.message.patch", "PATCH im/v1/messages/:message_id", {
    ...tier4,
    scoped: ({ match }) => [{ key: `im.message.patch:${match[1]}`, perSecond: 5 }],
  }),
  limit("im.message.delete", "DELETE im/v1/messages/:message_id", tier4),
  // Each callback token allows only two updates, so a blind repeat could spend the second one.
  limit("interactive.card.update", "POST interactive/v1/card/update", { ...tier4, idempotent: false }),

  limit("contact.user.find_by_department", "GET contact/v3/users/find_by_department", tier4),
  // Before users/:user_id, which would match "batch" too.
  limit("contact.user.batch", "GET contact/v3/users/batch", tier4),
  limit("contact.user.get", "GET contact/v3/users/:user_id", tier4),
];

/** Describes a request for the policy layers; unknown APIs get no pacing and count as idempotent unless POST. */
export function describeCall(
  method: string,
  url: string,
  params: Record<string, unknown>,
  data: unknown,
): CallInfo {
  const m = method.toUpperCase();
  const path = pathOf(url);
  for (const limit of API_LIMITS) {
    if (limit.method !== m) continue;
    const match = limit.path.exec(path);
    if (!match) continue;
    const call: Call = { params, data, match };
    const rates: Rate[] = [{ key: limit.api, perSecond: limit.perSecond, perMinute: limit.perMinute }];
    if (limit.scoped) rates.push(...limit.scoped(call));
    const info: CallInfo = {
      api: limit.api,
      rates,
      idempotent: typeof limit.idempotent === "function" ? limit.idempotent(call) : limit.idempotent,
    };
    if (limit.table) {
      info.table = { key: `${match[1]}/${match[2]}`, access: limit.table };
    }
    return info;
  }
  return { api: "other", rates: [], idempotent: m !== "POST" };
}

function pathOf(url: string): string {
  const pathname = /^https?:\/\//.test(url) ? new URL(url).pathname : (url.split("?")[0] ?? url);
  return pathname.replace(/^\/?open-apis\//, "").replace(/\/+$/, "");
}

function field(data: unknown, name: string): unknown {
  return data && typeof data === "object" ? (data as Record<string, unknown>)[name] : undefined;
}
