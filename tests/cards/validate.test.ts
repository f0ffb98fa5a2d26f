import { describe, expect, it } from "vitest";
import { byteLength, CARD_LIMITS, countComponents } from "../../src/cards/budget.ts";
import type { Card, CardElement } from "../../src/cards/types.ts";
import { type CardRule, validateCard } from "../../src/cards/validate.ts";
import { buildVisitFormCard } from "../../src/cards/visit-form.ts";
import { everyCard } from "./factories.ts";

const rules = (card: unknown): CardRule[] => validateCard(card).map((p) => p.rule);

function base(elements: CardElement[]): Card {
  return {
    schema: "2.0",
    config: { update_multi: true, summary: { content: "s" } },
    header: { title: { tag: "plain_text", content: "t" }, template: "blue" },
    body: { elements },
  };
}

const md = (content = "x"): CardElement => ({ tag: "markdown", content });
const submit = (name = "ok"): CardElement => ({
  tag: "button",
  name,
  form_action_type: "submit",
  text: { tag: "plain_text", content: "提交" },
  behaviors: [{ type: "callback", value: { action: "x" } }],
});

describe("every builder's card passes the validator", () => {
  for (const size of ["small", "large"] as const) {
    for (const [name, card] of everyCard("甲乙丙科技有限公司 <b>", size)) {
      it(`${name} (${size})`, () => {
        expect(validateCard(card)).toEqual([]);
        expect(countComponents(card)).toBeLessThanOrEqual(CARD_LIMITS.components);
        expect(byteLength(card)).toBeLessThanOrEqual(CARD_LIMITS.bytes);
      });
    }
  }
});

describe("the validator catches broken cards", () => {
  it("accepts a minimal good card", () => {
    expect(validateCard(base([md()]))).toEqual([]);
  });

  it("requires schema 2.0, update_multi true and a known header template", () => {
    expect(validateCard({ ...base([]), schema: "1.0" })[0]).toMatchObject({ rule: "shape", path: "schema" });
    expect(validateCard({ ...base([]), config: { update_multi: false } })[0]).toMatchObject({
      path: "config.update_multi",
    });
    const pink = base([]);
    (pink.header as { template: string }).template = "pink";
    expect(validateCard(pink)[0]).toMatchObject({ rule: "shape", path: "header.template" });
  });

  it("counts every component, plain_text included, against 200", () => {
    const buttons = Array.from({ length: 100 }, () => ({
      tag: "button",
      text: { tag: "plain_text", content: "b" },
      behaviors: [{ type: "callback", value: {} }],
    }));
    expect(rules(base(buttons))).toContain("components");
  });

  it("limits the JSON to 30 KB of UTF-8", () => {
    expect(rules(base([md("汉".repeat(11_000))]))).toContain("size");
  });

  it("limits the JSON escaped into the message content to 30 KB too", () => {
    const quotes = base([md('"'.repeat(8_000))]);
    expect(byteLength(quotes)).toBeLessThan(CARD_LIMITS.bytes);
    expect(validateCard(quotes)).toEqual([
      { path: "(card)", rule: "size", message: expect.stringContaining("escaped into the message content") },
    ]);
  });

  it("keeps forms at the root, named uniquely, with named fields and a named submit", () => {
    const nested = base([
      {
        tag: "column_set",
        columns: [{ tag: "column", elements: [{ tag: "form", name: "f", elements: [submit()] }] }],
      },
    ]);
    expect(rules(nested)).toContain("form_root");
    expect(rules(base([{ tag: "form", elements: [submit()] }]))).toContain("form_name");
    const unnamed = base([{ tag: "form", name: "f", elements: [{ tag: "input" }, submit()] }]);
    expect(validateCard(unnamed)[0]).toMatchObject({
      rule: "field_name",
      path: "body.elements[0].elements[0]",
    });
    const twice = base([
      { tag: "form", name: "f", elements: [{ tag: "input", name: "a" }, submit()] },
      { tag: "form", name: "g", elements: [{ tag: "input", name: "a" }, submit("ok2")] },
    ]);
    expect(rules(twice)).toEqual(["name_unique"]);
    expect(rules(base([{ tag: "form", name: "f", elements: [{ tag: "input", name: "a" }] }]))).toEqual([
      "form_submit",
    ]);
    const anonymousSubmit = { ...submit(), name: undefined };
    expect(rules(base([{ tag: "form", name: "f", elements: [anonymousSubmit] }]))).toContain("form_submit");
  });

  it("keeps tables and charts out of forms", () => {
    const chartInForm = base([
      { tag: "form", name: "f", elements: [{ tag: "chart", chart_spec: {} }, submit()] },
    ]);
    expect(rules(chartInForm)).toEqual(["form_content"]);
  });

  it("limits container nesting to five levels", () => {
    let el: CardElement = md();
    for (let i = 0; i < 6; i++) el = { tag: "column_set", columns: [{ tag: "column", elements: [el] }] };
    expect(rules(base([el]))).toContain("nesting");
  });

  it("requires buttons to have behaviors or a form action, and a legal type", () => {
    expect(rules(base([{ tag: "button", text: { tag: "plain_text", content: "b" } }]))).toEqual(["button"]);
    const weird = { tag: "button", type: "shiny", behaviors: [{ type: "callback", value: {} }] };
    expect(rules(base([weird]))).toEqual(["button"]);
    const badUrl = { tag: "button", behaviors: [{ type: "open_url", default_url: "javascript:alert(1)" }] };
    expect(rules(base([badUrl]))).toEqual(["button"]);
    const stray = { tag: "button", form_action_type: "submit", behaviors: [{ type: "callback", value: {} }] };
    expect(rules(base([stray]))).toEqual(["button"]);
  });

  it("requires chart_spec on charts and columns on tables at the root", () => {
    expect(rules(base([{ tag: "chart" }]))).toEqual(["chart"]);
    expect(rules(base([{ tag: "table", columns: [], rows: [] }]))).toEqual(["table"]);
    const nestedTable = {
      tag: "column_set",
      columns: [{ tag: "column", elements: [{ tag: "table", columns: [{ name: "a" }], rows: [] }] }],
    };
    expect(rules(base([nestedTable]))).toEqual(["table"]);
  });

  it("rejects unknown tags, repeated option values and bad element ids", () => {
    expect(rules(base([{ tag: "marquee" }]))).toEqual(["tag"]);
    const select = { tag: "select_static", options: [{ value: "1" }, { value: "1" }], behaviors: [] };
    expect(rules(base([select]))).toEqual(["select"]);
    expect(rules(base([{ ...md(), element_id: "9lives" }]))).toEqual(["element_id"]);
  });

  it("reports the path of the problem", () => {
    const card = buildVisitFormCard({
      accountId: "C1",
      recordId: "r1",
      accountName: "x",
      date: "2026-11-24",
    });
    const form = card.body.elements[1] as CardElement & { elements: CardElement[] };
    delete form.elements[1]!.name;
    expect(validateCard(card)).toEqual([
      {
        path: "body.elements[1].elements[1]",
        rule: "field_name",
        message: "date_picker inside a form needs a non-empty name",
      },
    ]);
  });
});
