import { dayOf } from "./dates.ts";
import { type Account, type Problem, TIERS, type Tier, type TierOverride } from "./types.ts";

function isTier(value: unknown): value is Tier {
  return TIERS.includes(value as Tier);
}

function overrideNote(
  account: Account,
  code: "override_expired" | "override_invalid",
  zh: string,
  en: string,
): Problem {
  return {
    accountId: account.id,
    rowId: account.recordId,
    table: "accounts",
    field: code === "override_expired" ? "overrideUntil" : "tierOverride",
    code,
    message: `${zh} / ${en}`,
  };
}

/** The pin in force today, if any; an expired or malformed pin is noted and ignored. */
export function activeOverride(
  account: Account,
  nowDay: number,
  problems: Problem[],
): TierOverride | undefined {
  const pin = account.override;
  if (!pin) return undefined;
  if (!isTier(pin.tier)) {
    problems.push(
      overrideNote(account, "override_invalid", "手动等级无效，已忽略", "pinned tier is not A/B/C, ignored"),
    );
    return undefined;
  }
  if (pin.until === undefined) return pin;
  const until = dayOf(pin.until);
  if (Number.isNaN(until)) {
    problems.push(
      overrideNote(
        account,
        "override_invalid",
        "锁定到期日期无效，已忽略",
        "override end date invalid, ignored",
      ),
    );
    return undefined;
  }
  if (until < nowDay) {
    problems.push(
      overrideNote(
        account,
        "override_expired",
        `手动锁定已于 ${pin.until} 到期，按采购额分类`,
        `override expired on ${pin.until}, classified by the numbers`,
      ),
    );
    return undefined;
  }
  return pin;
}
