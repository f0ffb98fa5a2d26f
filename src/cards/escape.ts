/**
 * Customer text inside a card `markdown` component must stay data. Feishu's markdown supports HTML tags
 * (<at>, <font>, <a>, <link>, <text_tag>, <person>…), CommonMark links/images/emphasis/blocks and `:EMOJI:`
 * shortcodes; its docs prescribe numeric HTML entities (`&#60;`) for showing such characters literally, so
 * every structural character becomes an entity and the visible text is unchanged.
 */

const STRUCTURAL = new Set([..."&<>[]()*_~`\\#+-!|$@:"]);

export const DEFAULT_MAX_CHARS = 200;

const CONTROL = /\p{Cc}/gu;

/** The text a reader sees: control characters and whitespace runs (newlines too) folded to one space, clipped. */
export function visibleText(text: string, max = DEFAULT_MAX_CHARS): string {
  const folded = text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
  const chars = Array.from(folded);
  if (chars.length <= max) return folded;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join("")
    .trimEnd()}…`;
}

function entity(ch: string): string {
  return `&#${ch.codePointAt(0)};`;
}

/** Customer text → inert markdown, at most `max` visible characters (an ellipsis marks a cut). */
export function escapeMarkdown(text: string, max = DEFAULT_MAX_CHARS): string {
  const visible = visibleText(text, max);
  let out = "";
  for (const ch of visible) out += STRUCTURAL.has(ch) ? entity(ch) : ch;
  // "12. foo" at the start of a line would become an ordered list.
  return out.replace(/^(\d+)\./, (_m, digits: string) => `${digits}&#46;`);
}

/** Undo `escapeMarkdown` the way the client displays it (numeric entities only; that is all we emit). */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/&#(\d{1,7});/g, (match, code: string) =>
    Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : match,
  );
}

/** Text for `plain_text` fields (titles, buttons, placeholders): no markup there, only folding and clipping. */
export function clipPlain(text: string, max = DEFAULT_MAX_CHARS): string {
  return visibleText(text, max);
}
