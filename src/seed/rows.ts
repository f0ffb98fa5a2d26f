import type { IsoDate } from "../domain/types.ts";
import type { Industry, Region } from "./names.ts";

/**
 * Rows as the seed produces them: keyed by the template's English field keys,
 * holding domain values (ISO dates, numbers, option names, open_ids, and the
 * referenced row's business key for link fields). Provisioning turns them
 * into Bitable write shapes.
 */

export type AccountRow = {
  code: string;
  name: string;
  owner?: string;
  industry: Industry;
  region: Region;
  since: IsoDate;
  strategicFit: number;
  potential: number;
  tierOverride?: "A" | "B" | "C";
  overrideReason?: string;
  overrideUntil?: IsoDate;
};

export type ContactRow = {
  /** Unique across the book, so it can serve as the contact's business key for links. */
  name: string;
  account: string;
  accountCode: string;
  title: string;
  phone: string;
  email: string;
  /** For 农历 rows the month and day are lunar ones (day ≤ 28, so the text is also a valid ISO date). */
  birthday: IsoDate;
  birthdayCalendar: "公历" | "农历";
  decisionMaker: boolean;
};

export type OrderRow = {
  orderId: string;
  account: string;
  accountCode: string;
  date: IsoDate;
  amount: number;
  margin: number;
  lines: number;
  source: "演示数据";
};

export type VisitType = "电话" | "上门" | "高层拜访" | "线上会议";

export type VisitRow = {
  title: string;
  account: string;
  accountCode: string;
  date: IsoDate;
  type: VisitType;
  visitor: string;
  summary: string;
  nextStep: string;
  nextContact?: IsoDate;
  source: "演示数据";
};

export type SurveyRow = {
  answerId: string;
  account: string;
  accountCode: string;
  /** The contact's name (contact names are unique in a demo book). */
  contact: string;
  date: IsoDate;
  overall: number;
  product: number;
  service: number;
  responsiveness: number;
  nps: number;
  comment?: string;
  campaign: string;
};

export type SettingRow = { key: string; value: string; description: string };

export type BookTable = "accounts" | "contacts" | "orders" | "visits" | "surveys" | "policy";
