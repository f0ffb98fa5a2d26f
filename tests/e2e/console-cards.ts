import { tierPieSpec } from "../../src/cards/digest-charts.ts";

/** A small JSON 2.0 card with a button and a one-field form, both calling back the action `e2e.ack`. */
export function ackCard(status: string): Record<string, unknown> {
  return {
    schema: "2.0",
    config: { update_multi: true },
    header: { title: { tag: "plain_text", content: "E2E 测试卡片" }, template: "blue" },
    body: {
      elements: [
        { tag: "markdown", content: status },
        {
          tag: "button",
          name: "ack_btn",
          type: "primary",
          text: { tag: "plain_text", content: "确认 Ack" },
          behaviors: [{ type: "callback", value: { action: "e2e.ack", step: "click" } }],
        },
        {
          tag: "form",
          name: "note_form",
          elements: [
            {
              tag: "input",
              name: "note",
              label: { tag: "plain_text", content: "备注 Note" },
              placeholder: { tag: "plain_text", content: "写点什么" },
            },
            { tag: "date_picker", name: "visit_date", initial_date: "2026-03-01" },
            {
              tag: "button",
              name: "submit_btn",
              type: "primary_filled",
              form_action_type: "submit",
              text: { tag: "plain_text", content: "提交 Submit" },
              behaviors: [{ type: "callback", value: { action: "e2e.ack", step: "form" } }],
            },
          ],
        },
      ],
    },
  };
}

export function chartCard(): Record<string, unknown> {
  return {
    schema: "2.0",
    config: { update_multi: true },
    header: { title: { tag: "plain_text", content: "客户等级分布 Tiers" }, template: "green" },
    body: {
      elements: [{ tag: "chart", aspect_ratio: "16:9", chart_spec: tierPieSpec({ A: 3, B: 5, C: 8 }) }],
    },
  };
}
