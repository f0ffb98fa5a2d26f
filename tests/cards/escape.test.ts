import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipPlain, escapeMarkdown, unescapeMarkdown, visibleText } from "../../src/cards/escape.ts";

const hostile = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        "<at id=all></at>",
        "[x](http://evil)",
        "![img](img_v2_x)",
        "<font color=red>",
        "</font>",
        "<text_tag color='red'>",
        "<a href='http://evil'>",
        "**",
        "*",
        "__",
        "~~",
        "`",
        "```",
        "# ",
        "- ",
        "1. ",
        "> ",
        "|",
        "---",
        "@all",
        ":OK:",
        "&#60;",
        "&lt;",
        "\\",
        "\n",
        "    ",
        "客户",
        " ",
        "\u0024{var}",
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join("")),
);

describe("escapeMarkdown", () => {
  it("turns tags, links and @all into entities", () => {
    expect(escapeMarkdown("<at id=all></at>")).toBe("&#60;at id=all&#62;&#60;/at&#62;");
    expect(escapeMarkdown("[x](http://evil)")).toBe("&#91;x&#93;&#40;http&#58;//evil&#41;");
    expect(escapeMarkdown("@all")).toBe("&#64;all");
  });

  it("keeps Chinese and ordinary punctuation readable", () => {
    expect(escapeMarkdown("北京字节跳动科技有限公司，您好。")).toBe("北京字节跳动科技有限公司，您好。");
  });

  it("folds newlines so no block (heading, list, quote, code) can start", () => {
    expect(escapeMarkdown("a\n# b\n    code")).toBe("a &#35; b code");
    expect(escapeMarkdown("12. item")).toBe("12&#46; item");
  });

  it("cuts long text with an ellipsis", () => {
    expect(escapeMarkdown("一二三四五六", 4)).toBe("一二三…");
    expect(visibleText("abc", 3)).toBe("abc");
    expect(clipPlain("  a \n b  ")).toBe("a b");
  });

  it("never cuts a surrogate pair in half", () => {
    expect(escapeMarkdown("😀😀😀", 2)).toBe("😀…");
  });

  it("leaves no tag opener, link or @ in its output (property)", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeMarkdown(s);
        expect(out).not.toMatch(/</);
        expect(out).not.toContain("](");
        expect(out).not.toContain("@");
        const bare = out.replace(/&#\d+;/g, "");
        expect(bare).not.toMatch(/[&*_~`|[\]()#>\\:$!+-]/);
      }),
    );
  });

  it("displays exactly the visible text (property)", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 300 }), (s, max) => {
        expect(unescapeMarkdown(escapeMarkdown(s, max))).toBe(visibleText(s, max));
      }),
    );
  });

  it("never shows more than max characters (property)", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 50 }), (s, max) => {
        expect(Array.from(visibleText(s, max)).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
