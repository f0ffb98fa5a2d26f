import type { Child } from "hono/jsx";

export type Section = "chats" | "tables" | "calls" | "clock";

const NAV: { key: Section; href: string; zh: string; en: string }[] = [
  { key: "chats", href: "/console/chats", zh: "会话", en: "Chats" },
  { key: "tables", href: "/console/tables", zh: "多维表格", en: "Tables" },
  { key: "calls", href: "/console/calls", zh: "调用日志", en: "Calls" },
  { key: "clock", href: "/console/clock", zh: "时钟", en: "Clock" },
];

/** The page frame: left nav, the section's content, the toast slot; charts load VChart only where needed. */
export function Layout(props: { title: string; section: Section; charts?: boolean; children?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · 飞书沙箱 Feishu sandbox`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        {props.charts ? <script src="/console/assets/vchart.js" defer /> : null}
        <script src="/console/assets/console.js" defer />
      </head>
      <body>
        <nav class="nav">
          <div class="brand">
            feishu-kam <small class="brand-sub">沙箱控制台 sandbox console</small>
          </div>
          {NAV.map((n) => (
            <a class={n.key === props.section ? "on" : undefined} href={n.href}>
              {n.zh} <small>{n.en}</small>
            </a>
          ))}
          <div class="nav-foot">本地沙箱，无登录 local sandbox, no sign-in</div>
        </nav>
        <main class={`main main-${props.section}`}>{props.children}</main>
        <div id="toast" role="status" aria-live="polite" hidden />
      </body>
    </html>
  );
}
