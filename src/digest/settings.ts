import type { Locale } from "../cards/types.ts";

/**
 * The digest's own rows in the 设置 table (key → value). They sit next to the policy rows so that the
 * people who run the base can change them without a deploy:
 *
 * - `digest.chatId`: the group chat (oc_…) that gets the company-wide digest; without it none is sent;
 * - `digest.riskThreshold`: 风险分 at or above which an account is listed as at risk (default 50: two serious signals, e.g. spend drop and an escalated visit);
 * - `digest.tenantUrl`: the tenant's Feishu address, e.g. https://acme.feishu.cn, for the buttons that
 *   open the base's tables (not needed in sandbox mode);
 * - `digest.locale`: zh_cn (default) or en_us, the language of chart and table labels.
 */
export type DigestSettings = {
  chatId?: string;
  riskThreshold: number;
  tenantUrl?: string;
  locale: Locale;
  /** One line per row that was set but could not be used, for the job's log. */
  problems: string[];
};

export const DEFAULT_RISK_THRESHOLD = 50;
export const DIGEST_KEY_PREFIX = "digest.";

export function digestSettings(rows: readonly { key: string; value: string }[]): DigestSettings {
  const out: DigestSettings = { riskThreshold: DEFAULT_RISK_THRESHOLD, locale: "zh_cn", problems: [] };
  for (const row of rows) {
    const key = row.key.trim();
    const value = row.value.trim();
    if (!key.startsWith(DIGEST_KEY_PREFIX) || value === "") continue;
    const bad = (why: string) => out.problems.push(`设置 ${key}="${value}": ${why}`);
    switch (key) {
      case "digest.chatId":
        if (/^oc_[A-Za-z0-9]+$/.test(value)) out.chatId = value;
        else bad("应为群 ID oc_… / must be a chat_id (oc_…)");
        break;
      case "digest.riskThreshold": {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0 && n <= 100) out.riskThreshold = n;
        else bad("应为 0–100 的数字 / must be a number 0–100");
        break;
      }
      case "digest.tenantUrl":
        if (/^https:\/\/[A-Za-z0-9.-]+$/.test(value.replace(/\/+$/, "")))
          out.tenantUrl = value.replace(/\/+$/, "");
        else bad("应为 https://<租户>.feishu.cn / must be https://<tenant>.feishu.cn");
        break;
      case "digest.locale":
        if (value === "zh_cn" || value === "en_us") out.locale = value;
        else bad("应为 zh_cn 或 en_us / must be zh_cn or en_us");
        break;
      default:
        bad("未知的周报设置 / unknown digest setting");
    }
  }
  return out;
}

export type TableLink = { name: string; en?: string; tableId: string };

/**
 * Buttons that open the base's tables: in Feishu `https://<tenant>.feishu.cn/base/<app_token>?table=<id>`
 * (no link without `digest.tenantUrl`: a guessed host would open a login page), in the sandbox its console.
 */
export function tableViews(opts: {
  mode: "sandbox" | "feishu";
  domain: string;
  appToken: string;
  tenantUrl?: string;
  tables: readonly TableLink[];
  locale: Locale;
}): { label: string; url: string }[] {
  const label = (t: TableLink) => (opts.locale === "en_us" && t.en ? t.en : t.name);
  const token = encodeURIComponent(opts.appToken);
  if (opts.mode === "sandbox") {
    return opts.tables.map((t) => ({
      label: label(t),
      url: `${opts.domain}/console/tables/${token}/${encodeURIComponent(t.tableId)}`,
    }));
  }
  if (!opts.tenantUrl) return [];
  return opts.tables.map((t) => ({
    label: label(t),
    url: `${opts.tenantUrl}/base/${token}?table=${encodeURIComponent(t.tableId)}`,
  }));
}
