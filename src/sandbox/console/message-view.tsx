import { renderCardHtml } from "../../cards/render-html.ts";
import type { Locale } from "../../cards/types.ts";
import type { ConsoleMessage } from "./conversations.ts";
import { messagesVersion } from "./conversations.ts";
import { shanghaiDateTime } from "./shanghai-time.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The render shows JSON 2.0; a 1.0 card (`elements`, `i18n_elements`) is lifted into that shape as-is. */
function asCard20(card: Obj, locale: Locale): Obj {
  if (isObj(card.body)) return card;
  const i18n = isObj(card.i18n_elements) ? card.i18n_elements[locale] : undefined;
  return { header: card.header, body: { elements: Array.isArray(card.elements) ? card.elements : i18n } };
}

function MessageBody(props: { m: ConsoleMessage; locale: Locale }) {
  const { m, locale } = props;
  const content = m.content;
  if (m.msg_type === "interactive" && isObj(content)) {
    if (content.type === "template") {
      const data = isObj(content.data) ? content.data : {};
      return <p class="msg-note">模板卡片 template card {String(data.template_id ?? "")}</p>;
    }
    // The only raw HTML on the console: renderCardHtml escapes every text and attribute it writes.
    return (
      <div
        class="card-host"
        dangerouslySetInnerHTML={{ __html: renderCardHtml(asCard20(content, locale), { locale }) }}
      />
    );
  }
  if (m.msg_type === "text" && isObj(content) && typeof content.text === "string") {
    return <p class="msg-text">{content.text}</p>;
  }
  return (
    <pre class="msg-raw">{typeof content === "string" ? content : JSON.stringify(content, null, 2)}</pre>
  );
}

function toastText(toast: unknown): string {
  if (!isObj(toast)) return "";
  return typeof toast.content === "string" ? toast.content : "";
}

function CallbackTrail(props: { m: ConsoleMessage; nameOf: (openId: string) => string }) {
  const recent = props.m.callbacks.slice(-3);
  if (!recent.length) return null;
  return (
    <ul class="msg-callbacks">
      {recent.map((cb) => {
        const action = isObj(cb.action) ? cb.action : {};
        const what = typeof action.name === "string" ? action.name : String(action.tag ?? "action");
        const outcome = cb.error
          ? `飞书错误 error ${cb.error.code}: ${cb.error.msg}`
          : [
              toastText(cb.toast) && `toast「${toastText(cb.toast)}」`,
              cb.card_updated ? "卡片已更新 card updated" : "",
            ]
              .filter(Boolean)
              .join(" · ") || "已应答 answered";
        return (
          <li class={cb.error ? "bad" : ""}>
            {shanghaiDateTime(cb.at).slice(11)} · {props.nameOf(cb.operator_open_id)} → {what} · {outcome}
          </li>
        );
      })}
    </ul>
  );
}

/** The messages of one conversation; re-rendered alone when the live view polls (see console.js). */
export function MessageList(props: {
  messages: ConsoleMessage[];
  locale: Locale;
  botName: (appId: string) => string;
  nameOf: (openId: string) => string;
}) {
  const { messages, locale } = props;
  return (
    <div class="messages" data-version={messagesVersion(messages)}>
      {messages.length === 0 ? <p class="empty">还没有消息 No messages yet.</p> : null}
      {messages.map((m) => (
        <article class={`msg${m.deleted ? " msg-deleted" : ""}`} data-message-id={m.message_id}>
          <div class="msg-meta">
            <span class="msg-from">{props.botName(m.sender_app_id)}</span>
            <time>{shanghaiDateTime(m.create_time)}</time>
            {m.updates ? <span class="badge">已更新 updated ×{m.updates}</span> : null}
            {m.deleted ? <span class="badge warn">已撤回 recalled</span> : null}
            <code class="msg-id">{m.message_id}</code>
          </div>
          <MessageBody m={m} locale={locale} />
          <CallbackTrail m={m} nameOf={props.nameOf} />
        </article>
      ))}
    </div>
  );
}
