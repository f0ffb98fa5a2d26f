import type { Child } from "hono/jsx";
import type { Locale } from "../../cards/types.ts";
import type { Conversation, ConversationSummary } from "./conversations.ts";
import { Layout } from "./layout.tsx";
import type { Person } from "./people.ts";

function ConversationLink(props: { c: ConversationSummary; active: boolean }) {
  const { c } = props;
  return (
    <a class={`conv${props.active ? " on" : ""}`} href={c.href} data-key={c.key}>
      <span class="conv-title">{c.title}</span>
      <span class="conv-sub">{c.subtitle}</span>
      {c.count ? (
        <span class={`count${c.unread && !props.active ? " unread" : ""}`} title="未读/全部 unread/all">
          {c.unread && !props.active ? `${c.unread}/${c.count}` : String(c.count)}
        </span>
      ) : null}
    </a>
  );
}

/** Act as: who "clicks" in a group chat; in a p2p chat it is always the chat's person. */
export function ActAs(props: { people: Person[]; selected?: string; label?: string }) {
  return (
    <label class="act-as">
      {props.label ?? "操作人 act as"}{" "}
      <select id="act-as">
        {props.people.map((p) => (
          <option value={p.openId} selected={p.openId === props.selected}>
            {p.name}
            {p.role ? ` · ${p.role}` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ChatsPage(props: {
  people: ConversationSummary[];
  groups: ConversationSummary[];
  active?: Conversation;
  /** The conversation's message list (rendered by MessageList), or undefined when none is open. */
  messages?: Child;
  liveUrl?: string;
  members?: Person[];
  locale: Locale;
}) {
  const { active } = props;
  const lang = props.locale === "en_us" ? "zh_cn" : "en_us";
  return (
    <Layout title={active ? active.title : "会话 Chats"} section="chats" charts>
      <aside class="conv-list">
        <h2>成员 People</h2>
        {props.people.map((c) => (
          <ConversationLink c={c} active={c.key === active?.key} />
        ))}
        <h2>群聊 Groups</h2>
        {props.groups.length ? null : <p class="empty">没有群聊 No group chats.</p>}
        {props.groups.map((c) => (
          <ConversationLink c={c} active={c.key === active?.key} />
        ))}
      </aside>
      <section class="conv-view">
        {active ? (
          <>
            <header class="conv-head">
              <div>
                <h1>{active.title}</h1>
                <span class="conv-sub">{active.subtitle}</span>
              </div>
              <div class="conv-tools">
                {active.kind === "group" ? (
                  <ActAs people={props.members ?? []} />
                ) : (
                  <span class="act-as">操作人 act as: {active.title}</span>
                )}
                <a href={`?lang=${lang}`}>{lang === "en_us" ? "English" : "中文"}</a>
              </div>
            </header>
            <div
              id="conversation"
              class="live"
              data-live={props.liveUrl}
              data-operator={active.kind === "user" ? active.openId : ""}
            >
              {props.messages}
            </div>
          </>
        ) : (
          <p class="empty pad">选择左侧的会话 Pick a conversation on the left.</p>
        )}
      </section>
    </Layout>
  );
}
