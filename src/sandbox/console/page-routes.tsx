import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { Locale } from "../../cards/types.ts";
import { subscribersOf } from "../bitable/change-events.ts";
import { readRecords } from "../bitable/store.ts";
import type { SandboxState } from "../state.ts";
import type { CallFilter } from "./calls-page.tsx";
import { CallRows, CallsPage, filterCalls } from "./calls-page.tsx";
import { ChatsPage } from "./chats-page.tsx";
import { ClockFace, ClockPage, DEFAULT_JOBS } from "./clock-page.tsx";
import type { Conversation, SeenMarks } from "./conversations.ts";
import {
  conversationMessages,
  groupConversation,
  listConversations,
  userConversation,
} from "./conversations.ts";
import { MessageList } from "./message-view.tsx";
import { actor, people, personOf } from "./people.ts";
import { listServiceJobs, serviceUrlGuess } from "./service-jobs.ts";
import { BasesPage, PAGE_SIZE, TablePage } from "./tables-page.tsx";

const page = (c: Context, body: Child) => c.html(html`<!DOCTYPE html>${body}`);
const notFound = (c: Context, what: string) => c.html(html`<!DOCTYPE html><p>${what}</p>`, 404);

/** The console's server-rendered pages; `?part=…` answers only the live region a page polls. */
export function consolePageRoutes(state: SandboxState) {
  const app = new Hono();
  const seen: SeenMarks = new Map();
  const nameOf = (openId: string) => state.users.get(openId)?.name ?? openId;
  const botName = (appId: string) => state.apps.get(appId)?.name ?? appId;

  for (const path of ["/", "/console", "/console/"]) app.get(path, (c) => c.redirect("/console/chats"));

  const chats = (c: Context, conv: Conversation | undefined) => {
    const locale: Locale = c.req.query("lang") === "en_us" ? "en_us" : "zh_cn";
    if (!conv) return page(c, <ChatsPage {...listConversations(state, seen)} locale={locale} />);
    const messages = conversationMessages(state, conv);
    seen.set(conv.key, state.clock.now());
    const list = <MessageList messages={messages} locale={locale} botName={botName} nameOf={nameOf} />;
    if (c.req.query("part") === "messages") return c.html(list);
    const inChat = conv.kind === "group" ? conv.members.flatMap((id) => state.users.get(id) ?? []) : [];
    return page(
      c,
      <ChatsPage
        {...listConversations(state, seen)}
        active={conv}
        messages={list}
        liveUrl={`${c.req.path}?part=messages&lang=${locale}`}
        members={inChat.length ? inChat.map(personOf) : people(state)}
        locale={locale}
      />,
    );
  };
  app.get("/console/chats", (c) => chats(c, undefined));
  app.get("/console/chats/u/:openId", (c) => {
    const conv = userConversation(state, c.req.param("openId"));
    return conv ? chats(c, conv) : notFound(c, "没有这个人 no such user");
  });
  app.get("/console/chats/g/:chatId", (c) => {
    const conv = groupConversation(state, c.req.param("chatId"));
    return conv ? chats(c, conv) : notFound(c, "没有这个群 no such group chat");
  });

  app.get("/console/tables", (c) => page(c, <BasesPage bases={[...state.bases.values()]} />));
  app.get("/console/tables/:appToken/:tableId", (c) => {
    const appToken = c.req.param("appToken");
    const base = state.bases.get(appToken);
    const table = base?.tables.get(c.req.param("tableId"));
    if (!base || !table) return notFound(c, "没有这个数据表 no such table");
    const records = readRecords(state, appToken, table.table_id, { shape: "legacy" });
    const pages = Math.max(1, Math.ceil(records.length / PAGE_SIZE));
    const requested = Number.parseInt(c.req.query("page") ?? "1", 10);
    return page(
      c,
      <TablePage
        base={base}
        table={table}
        records={records}
        page={Math.min(pages, Math.max(1, Number.isNaN(requested) ? 1 : requested))}
        people={people(state)}
        actor={actor(state, c.req.query("as"))}
        subscribed={Boolean(state.delivery.eventUrl) && subscribersOf(state, appToken).length > 0}
      />,
    );
  });

  app.get("/console/calls", (c) => {
    const kind = c.req.query("kind") ?? "";
    const filter: CallFilter = {
      kind: kind === "api" || kind === "callback" || kind === "event" ? kind : "",
      code: (c.req.query("code") ?? "").trim().slice(0, 20),
    };
    const rows = <CallRows calls={filterCalls(state.callLog, filter)} total={state.callLog.length} />;
    if (c.req.query("part") === "rows") return c.html(rows);
    const query = new URLSearchParams({ kind: filter.kind, code: filter.code, part: "rows" });
    return page(
      c,
      <CallsPage filter={filter} liveUrl={`/console/calls?${query}`}>
        {rows}
      </CallsPage>,
    );
  });

  app.get("/console/clock", async (c) => {
    const now = state.clock.now();
    const offsetMs = state.clock.offsetMs();
    if (c.req.query("part") === "face") return c.html(<ClockFace now={now} offsetMs={offsetMs} />);
    const link = state.delivery.service;
    const listed = link ? await listServiceJobs(link) : undefined;
    return page(
      c,
      <ClockPage
        now={now}
        offsetMs={offsetMs}
        serviceUrl={serviceUrlGuess(state)}
        tokenSet={Boolean(link?.adminToken)}
        jobs={listed?.join(",") ?? DEFAULT_JOBS}
        jobsListed={Boolean(listed)}
      />,
    );
  });
  return app;
}
