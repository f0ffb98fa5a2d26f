import type { Outcome } from "./mapping.ts";

const CURRENCY_PREFIX = /^(?:[¥$€£]|RMB|CNY|USD)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:元|RMB|CNY|USD)$/i;
/** Plain digits or comma-grouped thousands, optional decimals and exponent (Excel writes 1.5E+3). */
const PLAIN = /^-?\d+(\.\d+)?$/;
const NUMBER = /^(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads money as ERP exports write it: "1,234.50", "¥1234.5", "-3.2",
 * accounting "(3.20)", SAP's trailing minus "3.20-", full-width digits.
 * A comma not grouping thousands ("12,34") is refused rather than guessed.
 */
export function parseAmountText(raw: string): Outcome<number> {
  // Most cells are plain decimals; skip the general path for them.
  if (PLAIN.test(raw)) return { ok: true, value: Number(raw) || 0 };
  // NFKC folds full-width digits, "，", "．" and "￥" to their ASCII forms.
  let text = raw.normalize("NFKC").trim();
  const bad = (): Outcome<number> => ({
    ok: false,
    error: `“${raw.trim()}”不是金额 / "${raw.trim()}" is not an amount`,
  });
  if (text === "") return { ok: false, error: "金额为空 / amount is empty" };
  let negative = false;
  const negate = () => {
    if (negative) return false;
    negative = true;
    return true;
  };
  if (text.startsWith("(") && text.endsWith(")")) {
    negate();
    text = text.slice(1, -1).trim();
  }
  if (text.endsWith("-")) {
    if (!negate()) return bad();
    text = text.slice(0, -1).trim();
  }
  // Sign and currency come in either order: "-¥3.2" and "¥-3.2".
  for (let pass = 0; pass < 2; pass++) {
    text = text.replace(CURRENCY_PREFIX, "").replace(CURRENCY_SUFFIX, "");
    if (text.startsWith("-")) {
      if (!negate()) return bad();
      text = text.slice(1).trim();
    } else if (text.startsWith("+")) text = text.slice(1).trim();
  }
  if (!NUMBER.test(text)) return bad();
  const value = Number(text.replaceAll(",", ""));
  if (!Number.isFinite(value)) return bad();
  return { ok: true, value: negative && value !== 0 ? -value : value };
}
