import { z } from "zod";
import { callFeishu } from "./call.ts";
import type { FeishuCore } from "./client.ts";

export type UserStatus = {
  is_activated?: boolean;
  is_resigned?: boolean;
  is_frozen?: boolean;
  is_exited?: boolean;
  is_unjoin?: boolean;
};
export type ContactUser = {
  openId: string;
  name: string;
  enName?: string;
  email?: string;
  /** The manager (open_id), used for escalation. */
  leaderUserId?: string;
  departmentIds: string[];
  status: UserStatus;
};

export type Contacts = {
  getUser(openId: string): Promise<ContactUser>;
  /**
   * Many people in one call per 50 (cached ones not asked again). People the app cannot see (left, outside
   * its contact scope) are missing from the map.
   */
  getUsers(openIds: readonly string[]): Promise<Map<string, ContactUser>>;
  /** Direct members of a department (open_department_id), all pages. */
  usersInDepartment(departmentId: string): Promise<ContactUser[]>;
};

const UserSchema = z.object({
  open_id: z.string(),
  name: z.string().default(""),
  en_name: z.string().optional(),
  email: z.string().optional(),
  leader_user_id: z.string().optional(),
  department_ids: z.array(z.string()).default([]),
  status: z
    .object({
      is_activated: z.boolean().optional(),
      is_resigned: z.boolean().optional(),
      is_frozen: z.boolean().optional(),
      is_exited: z.boolean().optional(),
      is_unjoin: z.boolean().optional(),
    })
    .default({}),
});
const BatchSchema = z.object({ items: z.array(UserSchema).nullish() });
/** Feishu's per-call cap for contact/v3/users/batch. */
const BATCH_USERS = 50;
const PageSchema = z.object({
  items: z.array(UserSchema).nullish(),
  has_more: z.boolean().optional(),
  page_token: z.string().nullish(),
});

/** Contact lookups with a small TTL cache: a reminder run asks for the same owners and leaders many times. */
export function createContacts(
  client: FeishuCore,
  opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): Contacts {
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const max = opts.maxEntries ?? 2_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; user: Promise<ContactUser> }>();
  const ids = { user_id_type: "open_id", department_id_type: "open_department_id" } as const;

  const fetchUser = (openId: string) =>
    callFeishu(client, "contact.user.get", { userId: openId }, z.object({ user: UserSchema }), () =>
      client.sdk.contact.user.get({ path: { user_id: openId }, params: ids }),
    ).then((a) => toContact(a.user));

  const cached = (openId: string) => {
    const hit = cache.get(openId);
    return hit && now() - hit.at < ttl ? hit.user : undefined;
  };
  const remember = (openId: string, user: Promise<ContactUser>) => {
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(openId, { at: now(), user });
    user.catch(() => cache.delete(openId));
  };
  const fetchBatch = (openIds: string[]) =>
    callFeishu(client, "contact.user.batch", {}, BatchSchema, () =>
      client.sdk.contact.user.batch({ params: { ...ids, user_ids: openIds } }),
    ).then((a) => (a.items ?? []).map(toContact));

  return {
    getUser(openId) {
      const hit = cached(openId);
      if (hit) return hit;
      const user = fetchUser(openId);
      remember(openId, user);
      return user;
    },

    async getUsers(openIds) {
      const out = new Map<string, ContactUser>();
      const missing: string[] = [];
      for (const id of new Set(openIds)) {
        const hit = cached(id);
        if (!hit) missing.push(id);
        else await hit.then((u) => out.set(id, u)).catch(() => missing.push(id));
      }
      for (let i = 0; i < missing.length; i += BATCH_USERS) {
        for (const user of await fetchBatch(missing.slice(i, i + BATCH_USERS))) {
          out.set(user.openId, user);
          remember(user.openId, Promise.resolve(user));
        }
      }
      return out;
    },

    async usersInDepartment(departmentId) {
      const out: ContactUser[] = [];
      let page_token: string | undefined;
      do {
        const answer = await callFeishu(client, "contact.user.find_by_department", {}, PageSchema, () =>
          client.sdk.contact.user.findByDepartment({
            params: { ...ids, department_id: departmentId, page_size: 50, page_token },
          }),
        );
        for (const u of answer.items ?? []) out.push(toContact(u));
        page_token = answer.has_more && answer.page_token ? answer.page_token : undefined;
      } while (page_token);
      return out;
    },
  };
}

function toContact(u: z.infer<typeof UserSchema>): ContactUser {
  const out: ContactUser = {
    openId: u.open_id,
    name: u.name,
    departmentIds: u.department_ids,
    status: u.status,
  };
  if (u.en_name) out.enName = u.en_name;
  if (u.email) out.email = u.email;
  if (u.leader_user_id) out.leaderUserId = u.leader_user_id;
  return out;
}
