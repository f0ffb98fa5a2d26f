import type { RenderedRecord } from "../bitable/store.ts";
import type { BaseState, FieldDef, TableState } from "../state.ts";
import { cellText, editorOf, editorValue, optionNames } from "./cell-values.ts";
import { ActAs } from "./chats-page.tsx";
import { Layout } from "./layout.tsx";
import type { Person } from "./people.ts";

export const PAGE_SIZE = 100;

export function tableHref(appToken: string, tableId: string, page = 1): string {
  const base = `/console/tables/${encodeURIComponent(appToken)}/${encodeURIComponent(tableId)}`;
  return page > 1 ? `${base}?page=${page}` : base;
}

export function BasesPage(props: { bases: BaseState[] }) {
  return (
    <Layout title="多维表格 Tables" section="tables">
      <h1>多维表格 Tables</h1>
      {props.bases.length ? null : <p class="empty">还没有多维表格 No bases yet.</p>}
      {props.bases.map((b) => (
        <section class="panel">
          <h2>
            {b.name || "(未命名 unnamed)"} <code>{b.app_token}</code>
          </h2>
          <table class="list">
            <thead>
              <tr>
                <th>数据表 Table</th>
                <th>记录 Records</th>
                <th>字段 Fields</th>
                <th>table_id</th>
              </tr>
            </thead>
            <tbody>
              {[...b.tables.values()].map((t) => (
                <tr>
                  <td>
                    <a href={tableHref(b.app_token, t.table_id)}>{t.name}</a>
                  </td>
                  <td class="num">{t.records.size}</td>
                  <td class="num">{t.fields.length}</td>
                  <td>
                    <code>{t.table_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

function HeaderCell(props: { field: FieldDef }) {
  const { field } = props;
  const editor = editorOf(field);
  return (
    <th
      data-field={field.field_name}
      data-editor={editor ?? ""}
      data-options={
        editor === "select" || editor === "multi" ? JSON.stringify(optionNames(field)) : undefined
      }
      title={`${field.ui_type ?? ""} (type ${field.type})${editor ? "" : " · 只读 read-only here"}`}
    >
      {field.field_name}
    </th>
  );
}

export function TablePage(props: {
  base: BaseState;
  table: TableState;
  records: RenderedRecord[];
  page: number;
  people: Person[];
  actor?: Person;
  subscribed: boolean;
}) {
  const { base, table, page } = props;
  const pages = Math.max(1, Math.ceil(props.records.length / PAGE_SIZE));
  const rows = props.records.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const from = rows.length ? (page - 1) * PAGE_SIZE + 1 : 0;
  return (
    <Layout title={table.name} section="tables">
      <header class="page-head">
        <h1>
          <a href="/console/tables">{base.name || base.app_token}</a> › {table.name}
        </h1>
        <div class="tools">
          <ActAs people={props.people} selected={props.actor?.openId} label="编辑人 edit as" />
          <span class="pager">
            {page > 1 ? (
              <a href={tableHref(base.app_token, table.table_id, page - 1)}>‹ 上一页 prev</a>
            ) : null}
            <span>
              {from}–{from ? from + rows.length - 1 : 0} / {props.records.length}
            </span>
            {page < pages ? (
              <a href={tableHref(base.app_token, table.table_id, page + 1)}>下一页 next ›</a>
            ) : null}
          </span>
        </div>
      </header>
      <p class="hint">
        点击单元格编辑，回车保存，Esc 取消 — click a cell to edit, Enter saves, Esc cancels.
        {props.subscribed
          ? ""
          : " 尚无应用订阅此表格：编辑不会产生事件 no app subscribed to this base: edits fire no events."}
      </p>
      <p id="grid-error" class="error" role="alert" hidden />
      <div class="grid-wrap">
        <table
          class="grid"
          id="grid"
          data-app-token={base.app_token}
          data-table-id={table.table_id}
          data-people={JSON.stringify(props.people.map((p) => ({ id: p.openId, name: p.name })))}
        >
          <thead>
            <tr>
              <th class="rowno">#</th>
              {table.fields.map((f) => (
                <HeaderCell field={f} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr data-record-id={r.record_id}>
                <td class="rowno" title={r.record_id}>
                  {from + i}
                </td>
                {table.fields.map((f) => {
                  const value = r.fields[f.field_name];
                  const editable = editorOf(f) !== undefined;
                  return (
                    <td
                      class={editable ? "cell editable" : "cell"}
                      data-field={f.field_name}
                      data-value={editable ? editorValue(f, value) : undefined}
                    >
                      {cellText(f, value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
