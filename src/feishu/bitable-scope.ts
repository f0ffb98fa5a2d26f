import { z } from "zod";
import { callFeishu, type SdkAnswer } from "./call.ts";
import type { FeishuCore } from "./client.ts";
import type { FeishuErrorContext } from "./errors.ts";

/** What the table and record calls of one base share: the client, the base, error context. */
export type BaseScope = {
  client: FeishuCore;
  appToken: string;
  call<T>(
    api: string,
    where: { tableId?: string } & FeishuErrorContext,
    schema: z.ZodType<T>,
    send: () => Promise<SdkAnswer>,
  ): Promise<T>;
  path(tableId: string): { app_token: string; table_id: string };
};

export function baseScope(client: FeishuCore, appToken: string): BaseScope {
  return {
    client,
    appToken,
    call: (api, where, schema, send) => callFeishu(client, api, { appToken, ...where }, schema, send),
    path: (table_id) => ({ app_token: appToken, table_id }),
  };
}

/** Feishu's paged answer around items of one shape. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).nullish(),
    has_more: z.boolean().optional(),
    page_token: z.string().nullish(),
  });
}

type Page<T> = { items?: T[] | null; has_more?: boolean; page_token?: string | null };

/** Every page, in order, until has_more is false. */
export async function allPages<T>(fetchPage: (pageToken?: string) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const answer = await fetchPage(token);
    out.push(...(answer.items ?? []));
    token = nextToken(answer);
  } while (token);
  return out;
}

export function nextToken(answer: Page<unknown>): string | undefined {
  return answer.has_more && answer.page_token ? answer.page_token : undefined;
}
