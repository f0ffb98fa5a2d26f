import { buildDigestCard } from "../cards/digest.ts";
import type { Card } from "../cards/types.ts";
import { validateCard } from "../cards/validate.ts";
import type { Config } from "../config.ts";
import {
  BOOK_TABLES,
  type BookRecord,
  type BookTable,
  type DigestBook,
  digestBookFromRecords,
} from "../digest/book.ts";
import { type DigestOptions, digestReport } from "../digest/digest-data.ts";
import { leaderTeams } from "../digest/leaders.ts";
import { digestLists } from "../digest/list-card.ts";
import { type DigestSettings, digestSettings, tableViews } from "../digest/settings.ts";
import type { TierCounts } from "../digest/tiers.ts";
import { previousWeek, type ReportWeek, reportWeekBefore } from "../digest/week.ts";
import { decodeRecord } from "../feishu/codecs.ts";
import type { TableTemplate } from "../feishu/template.ts";
import type { Services } from "../services.ts";
import type { Job, JobContext, JobPlan, JobSteps } from "./job.ts";
import { dayPeriod, weekPeriod } from "./job.ts";
import { runPlanned } from "./planned-run.ts";
import { sendFailure } from "./send-failure.ts";
import { sendCardOnce } from "./send-once.ts";

/** Ledger keys of the digest: the send, last week's tiers, the full lists, and which card went where. */
export const digestKeys = {
  send: (scope: string, week: string) => `digest:${scope}:${week}`,
  tiers: (scope: string, week: string) => `digest:tiers:${scope}:${week}`,
  lists: (scope: string, week: string) => `digest:lists:${scope}:${week}`,
  message: (messageId: string) => `digest:message:${messageId}`,
};
export const COMPANY = "company";

type Recipient = { scope: string; title: string; to: { type: "open_id" | "chat_id"; id: string } };

/**
 * One reader's digest, as the job acts on it. The card is built in the plan, since building it needs the whole
 * book; a valid card is at most 30 KB (validateCard), small enough to travel in a queue message.
 */
export type DigestSend = { scope: string; key: string; week: string; to: Recipient["to"] } & (
  | { card: Card }
  | { invalid: string }
);
type Outcome = { scope: string; status: string; key: string; error?: string; permanent?: boolean };

const digestSteps: JobSteps<DigestSend, Outcome> = {
  // The send's claim, up to three attempts, its mark, and the note of which card went where.
  costPerItem: 6,
  plan: planDigest,
  act: sendDigest,
  retryable: (o) => (o.status === "failed" && !o.permanent ? o.error : undefined),
  summarize(planned, outcomes) {
    const failed = outcomes.filter((o) => o.error);
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    const summary = {
      week: planned.week,
      leaders: planned.leaders,
      company: planned.company ?? outcomes.find((o) => o.scope === COMPANY)?.status,
      sent: count("sent"),
      alreadySent: count("already-sent"),
      planned: count("planned"),
      failed: failed.map((f) => `${f.key}: ${f.error}`),
      unreadableRows: planned.unreadableRows,
    };
    // One unreachable leader (left the company, outside the app's range) must not hold back the others.
    if (failed.length > 0 && failed.length === outcomes.length)
      return { summary, failed: `digest: every send failed, first: ${failed[0]!.error}` };
    return { summary };
  },
};

export const digestJob: Job = {
  name: "digest",
  description:
    "每周客户周报：每位主管一份（其团队），全公司一份发到群 / weekly digest per leader and for the company chat",
  schedule: "0 9 * * 1",
  period: weekPeriod,
  catchUp: true,
  run: (services, ctx) => runPlanned(digestSteps, services, ctx),
  steps: digestSteps,
};

/** Reads the book, finds each leader's team, and builds every reader's card (kept with its lists for 完整列表). */
async function planDigest(services: Services, ctx: JobContext): Promise<JobPlan<DigestSend>> {
  const log = services.logger.child({ job: "digest" });
  const week = reportWeekBefore(dayPeriod(ctx.now, services.config.tz));
  const { book, unreadable, settings, views } = await readDigestInputs(services);
  for (const problem of settings.problems) log.warn("digest.setting_invalid", { problem });
  const owners = book.accounts.flatMap((a) => (a.ownerId ? [a.ownerId] : []));
  const org = await lookUpOrg(services, owners);
  const teams = leaderTeams(owners, (id) => org.get(id)?.leader);
  const names = Object.fromEntries([...org].map(([id, p]) => [id, p.name]));

  const recipients: Recipient[] = [...teams.keys()]
    .filter((id) => org.get(id)?.active !== false)
    .map((id) => ({ scope: id, title: names[id] ?? id, to: { type: "open_id", id } }));
  const chatId = settings.chatId ?? (services.config as Config & { digestChatId?: string }).digestChatId;
  if (chatId) recipients.push({ scope: COMPANY, title: "全公司", to: { type: "chat_id", id: chatId } });
  else log.warn("digest.no_company_chat", { hint: "set 设置 digest.chatId to a group chat id (oc_…)" });

  const items: DigestSend[] = [];
  for (const r of recipients) {
    const managerIds = teams.get(r.scope);
    const opts: DigestOptions = {
      week,
      names,
      riskThreshold: settings.riskThreshold,
      views,
      locale: settings.locale,
      ...(managerIds ? { leader: { openId: r.scope, managerIds } } : {}),
    };
    const lastWeek = await services.ledger.get<TierCounts>(
      digestKeys.tiers(r.scope, previousWeek(week).label),
    );
    if (lastWeek) opts.lastWeek = lastWeek;
    items.push(await prepareDigest(services, ctx, { recipient: r, book, week, opts }));
  }
  return {
    items,
    summary: {
      week: week.label,
      leaders: teams.size,
      ...(chatId ? {} : { company: "no chat configured" }),
      unreadableRows: unreadable,
    },
  };
}

async function prepareDigest(
  services: Services,
  ctx: JobContext,
  job: { recipient: Recipient; book: DigestBook; week: ReportWeek; opts: DigestOptions },
): Promise<DigestSend> {
  const { recipient: r, week } = job;
  const send = { scope: r.scope, key: digestKeys.send(r.scope, week.label), week: week.label, to: r.to };
  const report = digestReport(job.book, job.opts);
  const card = buildDigestCard(report.data);
  const problems = validateCard(card);
  if (problems.length > 0)
    return { ...send, invalid: problems.map((p) => `${p.path}: ${p.message}`).join("; ") };
  if (!ctx.dryRun) {
    await services.ledger.set(digestKeys.tiers(r.scope, week.label), report.data.tiers);
    await services.ledger.set(digestKeys.lists(r.scope, week.label), digestLists(report, r.scope, r.title));
  }
  return { ...send, card };
}

async function sendDigest(services: Services, ctx: JobContext, d: DigestSend): Promise<Outcome> {
  const { scope, key } = d;
  const failed = (status: "invalid" | "failed", error: string, permanent: boolean): Outcome => {
    services.logger.error("digest.send_failed", { job: "digest", scope, key, error });
    return { scope, status, key, error, permanent };
  };
  if ("invalid" in d) return failed("invalid", d.invalid, true);
  if (ctx.dryRun) return { scope, status: "planned", key };
  try {
    const sent = await sendCardOnce(services, {
      key,
      job: "digest",
      receiveIdType: d.to.type,
      receiveId: d.to.id,
      card: d.card,
    });
    await services.ledger.set(digestKeys.message(sent.messageId), { scope, week: d.week });
    return { scope, status: sent.status, key };
  } catch (err) {
    const failure = sendFailure(err);
    return failed("failed", failure.error, failure.permanent);
  }
}

/** The base's rows the digest needs, its 设置 rows, and links to the tables. */
export async function readDigestInputs(services: Services) {
  const base = await services.base();
  const { config } = services;
  const read = (key: string) => base.gw.searchAll(base.table(key).id);
  const tables = Object.fromEntries(BOOK_TABLES.map((k) => [k, base.table(k).template])) as Record<
    BookTable,
    TableTemplate
  >;
  const [records, policyRecords] = await Promise.all([
    Promise.all(BOOK_TABLES.map(async (k) => [k, await read(k)] as const)),
    read("policy"),
  ]);
  const byTable = Object.fromEntries(records) as Record<BookTable, BookRecord[]>;
  const { book, unreadable } = digestBookFromRecords(tables, byTable, config.tz);
  const policyFields = base.table("policy").template.fields;
  const settings: DigestSettings = digestSettings(
    policyRecords.map((r) => {
      const v = decodeRecord(policyFields, r.fields).values;
      return {
        key: typeof v.key === "string" ? v.key : "",
        value: typeof v.value === "string" ? v.value : "",
      };
    }),
  );
  const views = tableViews({
    mode: config.mode,
    domain: config.domain,
    appToken: config.appToken,
    ...(settings.tenantUrl ? { tenantUrl: settings.tenantUrl } : {}),
    tables: (["accounts", "visits", "tierHistory", "surveys"] as const).map((k) => {
      const t = base.table(k);
      return { name: t.template.name, ...(t.template.en ? { en: t.template.en } : {}), tableId: t.id };
    }),
    locale: settings.locale,
  });
  return { book, unreadable, settings, views };
}

type Person = { name: string; leader?: string; active: boolean };

/** Owners and everyone above them, by open_id; a failed lookup leaves that person without a leader. */
async function lookUpOrg(services: Services, owners: readonly string[]): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  const queue = [...new Set(owners)];
  while (queue.length > 0 && people.size < 5_000) {
    const id = queue.shift()!;
    if (people.has(id)) continue;
    try {
      const u = await services.client.contacts.getUser(id);
      const gone = u.status.is_resigned === true || u.status.is_exited === true;
      people.set(id, { name: u.name || id, leader: u.leaderUserId, active: !gone });
      if (u.leaderUserId && !people.has(u.leaderUserId)) queue.push(u.leaderUserId);
    } catch (err) {
      services.logger.warn("digest.contact_failed", { open_id: id, error: (err as Error).message });
      people.set(id, { name: id, active: true });
    }
  }
  return people;
}
