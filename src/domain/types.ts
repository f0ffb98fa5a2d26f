/** A calendar day in Asia/Shanghai, written `yyyy-mm-dd`. */
export type IsoDate = string;

export type Tier = "A" | "B" | "C";

export const TIERS: readonly Tier[] = ["A", "B", "C"];

export type TierOverride = {
  tier: Tier;
  reason: string;
  /** Last day (inclusive) the pin holds. */
  until?: IsoDate;
};

/** What the last classification left behind; the sync job stores it with the account. */
export type PreviousClassification = {
  tier?: Tier;
  belowBandPeriods?: number;
  lastVisit?: IsoDate;
};

export type Account = {
  /** Stable account code, e.g. "C0001". */
  id: string;
  recordId?: string;
  name: string;
  /** Feishu open_id of the account manager. */
  ownerId?: string;
  industry?: string;
  region?: string;
  /** Start of cooperation. */
  since?: IsoDate;
  /** 1–5. */
  strategicFit?: number;
  /** 1–5, the manager's estimate. */
  potential?: number;
  chatId?: string;
  override?: TierOverride;
  previous?: PreviousClassification;
  visitHold?: VisitHold;
};

/**
 * A 下次拜访 a person set from a card, which the cadence must not move until a visit is logged on or
 * after `setOn`: a snooze (推迟) puts the visit on `due`; a low-score follow-up (创建跟进) asks for it by
 * `due` (the cadence's own date wins when it is sooner).
 */
export type VisitHold = { kind: "snooze" | "followup"; due: IsoDate; setOn: IsoDate };

export type Order = {
  id: string;
  accountId: string;
  date: IsoDate;
  amount: number;
  /** Gross margin as an amount in the order's currency (not a rate). */
  margin?: number;
};

export type VisitType = "phone" | "onsite" | "executive" | "online";

export type Visit = {
  id: string;
  accountId: string;
  date: IsoDate;
  type: VisitType;
  visitorId?: string;
};

export type SurveyAnswer = {
  id: string;
  accountId: string;
  contactId?: string;
  date: IsoDate;
  /** 1–5 each. */
  overall: number;
  product: number;
  service: number;
  responsiveness: number;
  /** 0–10. */
  nps: number;
  comment?: string;
};

export type ProblemCode =
  | "account_id_missing"
  | "account_duplicate"
  | "owner_missing"
  | "since_invalid"
  | "rating_invalid"
  | "override_invalid"
  | "override_expired"
  | "order_account_unknown"
  | "order_date_invalid"
  | "order_future"
  | "amount_invalid"
  | "amount_negative"
  | "margin_invalid"
  | "visit_invalid"
  | "survey_invalid"
  | "now_invalid"
  | "policy_row_invalid"
  | "policy_key_unknown"
  | "policy_key_duplicate"
  | "policy_invalid";

export type Problem = {
  accountId?: string;
  rowId?: string;
  table?: string;
  field?: string;
  code: ProblemCode;
  /** Chinese first, then English: "金额不是数字 / amount is not a number". */
  message: string;
};

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };
