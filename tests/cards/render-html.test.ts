import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDigestCard } from "../../src/cards/digest.ts";
import { buildReminderCard } from "../../src/cards/reminder.ts";
import { cardCss, renderCardHtml } from "../../src/cards/render-html.ts";
import { markdownToHtml } from "../../src/cards/render-markdown.ts";
import { buildVisitFormCard } from "../../src/cards/visit-form.ts";
import { callbackValues } from "./card-walk.ts";
import { digestData, everyCard, reminderInput } from "./factories.ts";

const TAGS = new Set([
  "section",
  "header",
  "div",
  "span",
  "strong",
  "em",
  "del",
  "br",
  "hr",
  "button",
  "form",
  "label",
  "input",
  "textarea",
  "select",
  "option",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "details",
  "summary",
]);
const ATTRS = new Set([
  "class",
  "lang",
  "type",
  "name",
  "value",
  "placeholder",
  "required",
  "maxlength",
  "rows",
  "selected",
  "open",
  "data-action",
  "data-url",
  "data-spec",
  "data-name",
  "data-tag",
]);

/** Every "<" must open a whitelisted tag whose attributes are whitelisted and fully quoted. */
function expectSafeHtml(html: string): void {
  const tags = [...html.matchAll(/<(\/?)([a-z]+)((?:\s[a-z-]+(?:="[^"<>]*")?)*)>/g)];
  expect(tags.length, "every < starts a tag we emit").toBe((html.match(/</g) ?? []).length);
  for (const [, , name, attrs] of tags) {
    expect(TAGS.has(name!), `tag ${name}`).toBe(true);
    for (const [, attr] of attrs!.matchAll(/\s([a-z-]+)(?:="[^"]*")?/g)) {
      expect(ATTRS.has(attr!), `attribute ${attr}`).toBe(true);
    }
  }
}

const decodeAttr = (s: string) => s.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));

describe("renderCardHtml", () => {
  it("renders every builder's card as safe HTML", () => {
    for (const [name, card] of everyCard("甲公司")) {
      const html = renderCardHtml(card);
      expect(html, name).toMatch(/^<section class="kam-card"/);
      expectSafeHtml(html);
    }
  });

  it("shows the header with its colour template, in the chosen locale", () => {
    const card = buildReminderCard(reminderInput(3));
    expect(renderCardHtml(card)).toContain(
      '<header class="kam-header kam-t-red"><div class="kam-title">拜访提醒 · 张三</div>',
    );
    expect(renderCardHtml(card, { locale: "en_us" })).toContain("Visit reminders · 张三");
  });

  it("puts each callback value on its button as JSON", () => {
    const card = buildReminderCard(reminderInput(1));
    const html = renderCardHtml(card);
    const actions = [...html.matchAll(/data-action="([^"]*)"/g)].map((m) => JSON.parse(decodeAttr(m[1]!)));
    expect(actions).toEqual(callbackValues(card));
  });

  it("renders forms with date inputs, selects, text areas and submit buttons", () => {
    const html = renderCardHtml(
      buildVisitFormCard({ accountId: "C1", recordId: "r1", accountName: "甲", date: "2026-11-24" }),
    );
    expect(html).toContain('<form class="kam-form" data-name="visit_form">');
    expect(html).toContain(
      '<input type="date" name="visit_date" placeholder="选择日期" required value="2026-11-24">',
    );
    expect(html).toContain(
      '<select name="visit_type" required><option value="">请选择</option><option value="phone">电话</option>',
    );
    expect(html).toMatch(/<textarea name="visit_summary"[^>]*required/);
    expect(html).toMatch(
      /<button type="submit" class="kam-btn kam-btn-primary_filled" name="visit_submit" data-action=/,
    );
  });

  it("renders tables and leaves charts to the page script with their spec", () => {
    const card = buildDigestCard(digestData(40, 3));
    const html = renderCardHtml(card);
    expect(html).toContain('<table class="kam-table"><thead><tr><th>客户</th>');
    const specs = [...html.matchAll(/<div class="kam-chart" data-spec="([^"]*)">/g)].map((m) =>
      JSON.parse(decodeAttr(m[1]!)),
    );
    expect(specs).toEqual(card.body.elements.filter((e) => e.tag === "chart").map((e) => e.chart_spec));
  });

  it("never lets customer text become HTML (property)", () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "' onmouseover='alert(1)",
        "<at id=all></at>[x](javascript:alert(1))",
        "&lt;script&gt;",
        "&#60;script&#62;",
      ),
    );
    fc.assert(
      fc.property(hostile, fc.constantFrom("zh_cn" as const, "en_us" as const), (s, locale) => {
        for (const [, card] of everyCard(s)) {
          const html = renderCardHtml(card, { locale });
          expectSafeHtml(html);
          expect(html.toLowerCase()).not.toContain("<script");
        }
      }),
      { numRuns: 40 },
    );
  });

  it("survives cards that are not what it expects", () => {
    expectSafeHtml(
      renderCardHtml({ header: { title: 5 }, body: { elements: [null, { tag: "<x>" }, { tag: "table" }] } }),
    );
    expectSafeHtml(renderCardHtml("nonsense"));
  });

  it("ships a stylesheet for the classes it uses", () => {
    const css = cardCss();
    for (const cls of [
      ".kam-card",
      ".kam-header",
      ".kam-t-red",
      ".kam-btn",
      ".kam-table",
      ".kam-chart",
      ".kam-tag",
    ]) {
      expect(css).toContain(cls);
    }
  });
});

describe("markdownToHtml", () => {
  it("renders the subset our cards use", () => {
    expect(markdownToHtml("**粗** *斜* ~~删~~")).toBe("<strong>粗</strong> <em>斜</em> <del>删</del>");
    expect(markdownToHtml("a\nb")).toBe("a<br>b");
    expect(markdownToHtml("<text_tag color='orange'>A</text_tag>")).toBe(
      '<span class="kam-tag kam-c-orange">A</span>',
    );
    expect(markdownToHtml("<font color='green'>ok</font>")).toBe(
      '<span class="kam-font kam-c-green">ok</span>',
    );
  });

  it("shows links and mentions as text", () => {
    expect(markdownToHtml("[看这里](https://x.y)")).toBe('<span class="kam-link">看这里</span>');
    expect(markdownToHtml("<at id=all></at>")).toBe('<span class="kam-at">@all</span>');
  });

  it("decodes entities and escapes the result", () => {
    expect(markdownToHtml("&#60;b&#62; &amp; &sim;")).toBe("&#60;b&#62; &#38; ~");
    expect(markdownToHtml("&#99999999; &bogus;")).toBe("&#38;#99999999; &#38;bogus;");
  });

  it("closes whatever it opened", () => {
    expect(markdownToHtml("**a *b")).toBe("<strong>a <em>b</em></strong>");
    expect(markdownToHtml("</font>x")).toBe("x");
    expect(markdownToHtml("<font color='javascript:x'>y")).toBe(
      "&#60;font color=&#39;javascript:x&#39;&#62;y",
    );
  });
});
