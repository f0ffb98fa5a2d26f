/**
 * Feishu card markdown → a safe HTML fragment, for the browser console. Only the subset our builders emit
 * becomes markup (bold, italic, strike, line breaks, <text_tag>, <font>, <at>, links shown as text);
 * every other character is HTML-escaped, so customer text can never become markup here either.
 */

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  sim: "~",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function decodeEntity(body: string): string | undefined {
  const code =
    body.startsWith("#x") || body.startsWith("#X")
      ? Number.parseInt(body.slice(2), 16)
      : body.startsWith("#")
        ? Number(body.slice(1))
        : undefined;
  if (code === undefined) return NAMED[body.toLowerCase()];
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

const SAFE_NAME = /^[a-z][a-z0-9_-]{0,19}$/;

function cssName(raw: string | undefined): string {
  const name = (raw ?? "").toLowerCase();
  return SAFE_NAME.test(name) ? name : "default";
}

type Frame = "strong" | "em" | "del" | "span";

/** A markup token recognised at the start of `rest`: the HTML to emit and how it changes the open elements. */
type Token = { length: number; html?: string; open?: Frame; close?: Frame; text?: string };

const TAG_RULES: [RegExp, (m: RegExpExecArray) => Token][] = [
  [/^<br\s*\/?>/i, (m) => ({ length: m[0].length, html: "<br>" })],
  [/^<hr\s*\/?>/i, (m) => ({ length: m[0].length, html: '<hr class="kam-hr">' })],
  [
    /^<text_tag(?:\s+color\s*=\s*['"]?([\w-]*)['"]?)?\s*>/i,
    (m) => ({ length: m[0].length, html: `<span class="kam-tag kam-c-${cssName(m[1])}">`, open: "span" }),
  ],
  [
    /^<font(?:\s+color\s*=\s*['"]?([\w-]*)['"]?)?\s*>/i,
    (m) => ({ length: m[0].length, html: `<span class="kam-font kam-c-${cssName(m[1])}">`, open: "span" }),
  ],
  [
    /^<(?:a|link)(?:\s[^<>]*)?>/i,
    (m) => ({ length: m[0].length, html: '<span class="kam-link">', open: "span" }),
  ],
  [/^<\/(?:text_tag|font|a|link)>/i, (m) => ({ length: m[0].length, close: "span" })],
  [
    /^<at\s+(?:id|ids|email)\s*=\s*['"]?([^'"\s<>]*)['"]?\s*>\s*<\/at>/i,
    (m) => ({ length: m[0].length, html: `<span class="kam-at">@${escapeHtml(m[1] ?? "")}</span>` }),
  ],
];

function nextToken(rest: string): Token {
  const ch = rest[0] ?? "";
  if (ch === "&") {
    const m = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(rest);
    const decoded = m ? decodeEntity(m[1] ?? "") : undefined;
    return m && decoded !== undefined ? { length: m[0].length, text: decoded } : { length: 1, text: "&" };
  }
  if (ch === "<") {
    for (const [re, make] of TAG_RULES) {
      const m = re.exec(rest);
      if (m) return make(m);
    }
    return { length: 1, text: "<" };
  }
  if (rest.startsWith("**")) return { length: 2, open: "strong", close: "strong" };
  if (rest.startsWith("~~")) return { length: 2, open: "del", close: "del" };
  if (ch === "*") return { length: 1, open: "em", close: "em" };
  if (ch === "\n") return { length: 1, html: "<br>" };
  const link = /^\[([^\]\n]*)\]\(([^()\s]*)\)/.exec(rest);
  if (link)
    return { length: link[0].length, html: `<span class="kam-link">${markdownToHtml(link[1] ?? "")}</span>` };
  const char = String.fromCodePoint(rest.codePointAt(0) ?? 0xfffd);
  return { length: char.length, text: char };
}

const CLOSE: Record<Frame, string> = { strong: "</strong>", em: "</em>", del: "</del>", span: "</span>" };
const OPEN: Record<Frame, string> = { strong: "<strong>", em: "<em>", del: "<del>", span: "" };

export function markdownToHtml(markdown: string): string {
  const stack: Frame[] = [];
  let out = "";
  let i = 0;
  while (i < markdown.length) {
    const token = nextToken(markdown.slice(i));
    i += token.length;
    if (token.text !== undefined) out += escapeHtml(token.text);
    // A toggle (** ~~ *) closes when already open, otherwise opens; closing pops any frames opened inside it.
    if (token.close && stack.includes(token.close)) {
      while (stack.length > 0) {
        const frame = stack.pop()!;
        out += CLOSE[frame];
        if (frame === token.close) break;
      }
      continue;
    }
    if (token.close && !token.open) continue;
    if (token.open) {
      stack.push(token.open);
      out += token.open === "span" ? (token.html ?? "<span>") : OPEN[token.open];
      continue;
    }
    if (token.html) out += token.html;
  }
  while (stack.length > 0) out += CLOSE[stack.pop()!];
  return out;
}
