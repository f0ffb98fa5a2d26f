import type { CallLogEntry } from "../state.ts";
import { Layout } from "./layout.tsx";
import { shanghaiDateTime } from "./shanghai-time.ts";

export type CallFilter = { kind: "" | CallLogEntry["kind"]; code: string };

const SHOWN = 300;

/** "" all, "ok" code 0, "error" any other code, or one exact code. */
export function filterCalls(log: CallLogEntry[], f: CallFilter): CallLogEntry[] {
  const out: CallLogEntry[] = [];
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i]!;
    if (f.kind && e.kind !== f.kind) continue;
    if (f.code === "ok" && e.code !== 0) continue;
    if (f.code === "error" && e.code === 0) continue;
    if (/^\d+$/.test(f.code) && e.code !== Number(f.code)) continue;
    out.push(e);
  }
  return out;
}

export function CallRows(props: { calls: CallLogEntry[]; total: number }) {
  const last = props.calls[0];
  return (
    <div data-version={`${props.total}.${last?.at ?? 0}.${props.calls.length}`}>
      <p class="hint">
        {props.calls.length > SHOWN ? `最新 ${SHOWN} 条 newest ${SHOWN} of ` : ""}
        {props.calls.length} 条匹配 matching · 共 {props.total} total
      </p>
      <table class="list calls">
        <thead>
          <tr>
            <th>时间 Time</th>
            <th>类型 Kind</th>
            <th>接口 API</th>
            <th>方法 Method</th>
            <th>路径 Path</th>
            <th>HTTP</th>
            <th>code</th>
            <th>ms</th>
          </tr>
        </thead>
        <tbody>
          {props.calls.slice(0, SHOWN).map((e) => (
            <tr class={e.code !== 0 || e.status >= 400 || e.status === 0 ? "bad" : ""}>
              <td>{shanghaiDateTime(e.at)}</td>
              <td>
                <span class={`kind kind-${e.kind}`}>{e.kind}</span>
              </td>
              <td>{e.api}</td>
              <td>{e.method}</td>
              <td class="path">{e.path}</td>
              <td class="num">{e.status}</td>
              <td class="num">{e.code}</td>
              <td class="num">{e.ms}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CallsPage(props: { filter: CallFilter; liveUrl: string; children?: unknown }) {
  const { filter } = props;
  const kinds: [CallFilter["kind"], string][] = [
    ["", "全部 all"],
    ["api", "API 调用 api"],
    ["callback", "卡片回调 callback"],
    ["event", "事件 event"],
  ];
  return (
    <Layout title="调用日志 Calls" section="calls">
      <header class="page-head">
        <h1>调用日志 Calls</h1>
        <form class="tools" method="get" action="/console/calls">
          <label>
            类型 kind{" "}
            <select name="kind" data-autosubmit>
              {kinds.map(([v, label]) => (
                <option value={v} selected={v === filter.kind}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            code <input name="code" value={filter.code} placeholder="ok / error / 1254015" size={12} />
          </label>
          <button type="submit">筛选 filter</button>
          <span class="hint">每 2 秒刷新 refreshes every 2 s</span>
        </form>
      </header>
      <div id="calls" class="live" data-live={props.liveUrl} data-interval="2000">
        {props.children}
      </div>
    </Layout>
  );
}
