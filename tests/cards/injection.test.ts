import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownTexts } from "./card-walk.ts";
import { everyCard } from "./factories.ts";

/** What customer text must never add to a card's markdown: tags, links, emphasis, blocks, mentions, emoji. */
const STRUCTURE = /[<>[\]()*_~`#|!@:&\\$+-]/g;
const OUR_TAGS = /^<(?:text_tag color='[a-z]+'|\/text_tag|font color='[a-z]+'|\/font)>$/;

function skeleton(markdown: string): string {
  return (
    markdown
      .replace(/&#\d+;/g, "")
      .match(STRUCTURE)
      ?.join("") ?? ""
  );
}

/** The same text with every visible character replaced by "x": same length, same emptiness, no markup. */
function neutral(s: string): string {
  return Array.from(s)
    .map((ch) => (/[\s\p{Cc}]/u.test(ch) ? " " : "x"))
    .join("");
}

const hostile = fc.oneof(
  fc.constantFrom(
    "<at id=all></at>",
    "[x](http://evil)",
    "<font color=red>红</font>",
    "@all 注意",
    "**粗** _斜_ `code`",
  ),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc
    .array(
      fc.constantFrom(
        "<at id=all></at>",
        "[x](http://evil)",
        "<font color=red>",
        "](",
        "*",
        "\n# ",
        "客户",
        "&#60;",
        ":OK:",
        " ",
      ),
      {
        maxLength: 10,
      },
    )
    .map((parts) => parts.join("")),
);

describe("customer text is inert in every card", () => {
  it("adds no markup to any markdown, in any locale (property)", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const cards = everyCard(s);
        const baseline = everyCard(neutral(s));
        cards.forEach(([name, card], i) => {
          const texts = markdownTexts(card);
          const expected = markdownTexts(baseline[i]![1]);
          expect(texts.map(skeleton), name).toEqual(expected.map(skeleton));
          for (const text of texts) {
            expect(text, name).not.toContain("<at");
            expect(text, name).not.toContain("](");
            expect(text, name).not.toContain("@");
            for (const tag of text.match(/<[^<>]*>/g) ?? []) expect(tag, name).toMatch(OUR_TAGS);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it("neutralises the classic payloads in every card's markdown", () => {
    // plain_text titles, input defaults and table text cells keep the raw text: Feishu shows those literally.
    const payload = "<at id=all></at>[x](http://evil)<font color=red>";
    for (const [name, card] of everyCard(payload)) {
      const markdown = markdownTexts(card).join("\n");
      expect(markdown, name).not.toContain("<at id=all>");
      expect(markdown, name).not.toContain("[x](http://evil)");
      expect(markdown, name).not.toContain("<font color=red>");
    }
  });
});
