import { z } from "zod";
import { addMonthsToDay, dayOf, isIsoDate } from "../domain/dates.ts";
import { demoAccounts } from "./demo-accounts.ts";
import { demoContacts } from "./demo-contacts.ts";
import { type DirtyRow, demoDirtyRows } from "./demo-dirty.ts";
import { demoOrders } from "./demo-orders.ts";
import { demoPolicy } from "./demo-policy.ts";
import { demoSurveys } from "./demo-surveys.ts";
import { demoVisits } from "./demo-visits.ts";
import { createRandom, hashLabel } from "./prng.ts";
import type { AccountRow, ContactRow, OrderRow, SettingRow, SurveyRow, VisitRow } from "./rows.ts";

export const DemoBookOptionsSchema = z.object({
  seed: z.number().int().default(42),
  accounts: z.number().int().min(1).max(200_000).default(300),
  managers: z
    .array(
      z.object({ open_id: z.string().min(1), name: z.string().min(1), leaderOpenId: z.string().optional() }),
    )
    .min(1, "至少需要一位客户经理 / at least one manager is needed"),
  months: z.number().int().min(1).max(120).default(24),
  today: z.string().refine(isIsoDate, "today 应为 yyyy-mm-dd / today must be yyyy-mm-dd"),
  dirty: z.boolean().default(false),
});

export type DemoBookOptions = z.input<typeof DemoBookOptionsSchema>;

export type DemoBook = {
  accounts: AccountRow[];
  contacts: ContactRow[];
  orders: OrderRow[];
  visits: VisitRow[];
  surveys: SurveyRow[];
  policy: SettingRow[];
  /** Only with `dirty: true`: broken rows for testing the sync's bad-data handling; never mixed into the rest. */
  dirty?: DirtyRow[];
};

/**
 * A believable key-account book, the same for the same options. Each part
 * draws from its own stream (seed + part name), so changing how visits are
 * made does not reshuffle the orders.
 */
export function demoBook(options: DemoBookOptions): DemoBook {
  const parsed = DemoBookOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`演示数据参数无效 / invalid demo book options: ${z.prettifyError(parsed.error)}`);
  }
  const o = parsed.data;
  const stream = (part: string) => createRandom(hashLabel(o.seed, part));
  const todayDay = dayOf(o.today);
  const window = { startDay: addMonthsToDay(todayDay, -o.months) + 1, todayDay };

  const profiles = demoAccounts(stream("accounts"), {
    count: o.accounts,
    managers: o.managers,
    today: o.today,
    windowStartDay: window.startDay,
  });
  const accounts = profiles.map((p) => p.row);
  const contacts = demoContacts(stream("contacts"), profiles, o.today);
  const book: DemoBook = {
    accounts,
    contacts,
    orders: demoOrders(stream("orders"), profiles, window),
    visits: demoVisits(stream("visits"), profiles, window),
    surveys: demoSurveys(stream("surveys"), profiles, contacts, todayDay),
    policy: demoPolicy(),
  };
  if (o.dirty) book.dirty = demoDirtyRows(accounts, o.today);
  return book;
}
