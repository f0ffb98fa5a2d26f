import { card, header, markdown, tierTag } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { both, same } from "./i18n.ts";
import type { Card, Tier } from "./types.ts";

export type HandoverCardInput = {
  /** The new owner's name, and who handed the account over. */
  toName: string;
  fromName: string;
  account: { code: string; name: string; tier?: Tier; nextVisitDue?: string };
  reason?: string;
  /** Local "yyyy-mm-ddThh:mm" of the handover. */
  at: string;
};

/** Tells the new owner an account was handed to them from a reminder card (转交). */
export function buildHandoverCard(input: HandoverCardInput): Card {
  const account = escapeMarkdown(input.account.name || input.account.code, 60);
  const vars = {
    to: escapeMarkdown(input.toName, 40),
    from: escapeMarkdown(input.fromName, 40),
    account: `**${account}**`,
    code: escapeMarkdown(input.account.code, 40),
  };
  const lines = [markdown(both("handover.intro", vars))];
  const facts = [
    ...(input.account.tier ? [`${tierTag(input.account.tier)}`] : []),
    ...(input.account.nextVisitDue ? [`📅 ${escapeMarkdown(input.account.nextVisitDue, 20)}`] : []),
  ];
  if (facts.length) lines.push(markdown(both("handover.facts", { facts: facts.join("  ") })));
  if (input.reason)
    lines.push(markdown(both("handover.reason", { reason: escapeMarkdown(input.reason, 200) })));
  return card({
    header: header(both("handover.title", { account: input.account.code }), "wathet", same(input.at)),
    summary: both("handover.summary", { account: input.account.name || input.account.code }),
    elements: lines,
  });
}
