import { type AlertActionValue, effectKey } from "./action-values.ts";
import { buttonRow, callbackButton, card, colored, header, markdown, tierTag } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { safeDate, shortStamp } from "./format.ts";
import { both, perLocale, t } from "./i18n.ts";
import type { Card, CardElement, RowStamp, Tier } from "./types.ts";

export type AlertOutcome = { kind: "followup" | "done" } & RowStamp;

export type LowScoreAlertInput = {
  alertId: string;
  accountId: string;
  accountName: string;
  tier: Tier;
  /** 0–100 */
  health: number;
  /** 1–5 */
  overall: number;
  /** 0–10 */
  nps: number;
  /** The customer's own words: shown escaped. */
  comment?: string;
  contactName?: string;
  riskFlags: string[];
  ownerName: string;
  /** yyyy-mm-dd of the answer. */
  date: string;
  outcome?: AlertOutcome;
};

function value(action: AlertActionValue["action"], input: LowScoreAlertInput): AlertActionValue {
  return { action, alertId: input.alertId, accountId: input.accountId, k: effectKey(action, input.alertId) };
}

export function buildLowScoreAlertCard(input: LowScoreAlertInput): Card {
  const name = escapeMarkdown(input.accountName, 60);
  const said = escapeMarkdown(input.comment ?? "", 500) || undefined;
  const who = input.contactName ? ` · ${escapeMarkdown(input.contactName, 40)}` : "";
  const flags = input.riskFlags.slice(0, 10).map((f) => escapeMarkdown(f, 60));
  const scores = { overall: input.overall, nps: input.nps, health: Math.round(input.health) };
  const elements: CardElement[] = [
    markdown(perLocale((l) => `${tierTag(input.tier)} **${name}**${who}\n${t("alert.scores", scores, l)}`)),
    markdown(
      perLocale(
        (l) =>
          `**${t("alert.said", {}, l)}**\n${said ? colored("grey", `“${said}”`) : t("alert.noComment", {}, l)}`,
      ),
    ),
  ];
  if (flags.length > 0) {
    elements.push(markdown(both("alert.risks", { flags: flags.join(" · ") })));
  }
  elements.push(
    markdown(both("alert.owner", { name: escapeMarkdown(input.ownerName, 40), date: safeDate(input.date) }), {
      text_size: "notation",
    }),
  );
  if (input.outcome) {
    const o = input.outcome;
    elements.push(
      markdown(
        perLocale((l) =>
          colored("green", t(`outcome.${o.kind}`, { by: escapeMarkdown(o.by, 40), at: shortStamp(o.at) }, l)),
        ),
      ),
    );
  } else {
    elements.push(
      buttonRow([
        callbackButton(both("btn.followup"), value("alert.followup", input), "primary"),
        callbackButton(both("btn.done"), value("alert.done", input)),
      ]),
    );
  }
  const title = both("alert.title", { account: input.accountName });
  return card({
    header: header(title, input.outcome ? "green" : "red"),
    summary: both("alert.summary", { account: input.accountName }),
    elements,
  });
}
