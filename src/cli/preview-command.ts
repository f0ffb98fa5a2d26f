import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { buildLowScoreAlertCard } from "../cards/alert.ts";
import { byteLength, countComponents } from "../cards/budget.ts";
import { buildDigestCard, type DigestData } from "../cards/digest.ts";
import { buildEscalationCard } from "../cards/escalation.ts";
import { buildGreetingCard } from "../cards/greeting.ts";
import { buildHandoverCard } from "../cards/handover.ts";
import { buildReminderCard } from "../cards/reminder.ts";
import { cardCss, renderCardHtml } from "../cards/render-html.ts";
import { escapeHtml } from "../cards/render-markdown.ts";
import * as samples from "../cards/samples.ts";
import { buildStatusCard } from "../cards/status.ts";
import { buildSurveyCard, buildSurveyThanksCard } from "../cards/survey.ts";
import type { Card, Locale } from "../cards/types.ts";
import { validateCard } from "../cards/validate.ts";
import { buildVisitFormCard } from "../cards/visit-form.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** Each previewable card: its builder over JSON input, and the sample used without --data. */
// biome-ignore lint/suspicious/noExplicitAny: input comes from a JSON file; the builder is the judge of it.
type Builder = { build(input: any, locale: Locale): Card; sample(): unknown };

export const PREVIEW_CARDS: Record<string, Builder> = {
  reminder: { build: buildReminderCard, sample: samples.sampleReminder },
  escalation: {
    build: (i, locale) => buildEscalationCard({ locale, ...i }),
    sample: samples.sampleEscalation,
  },
  greeting: { build: buildGreetingCard, sample: samples.sampleGreeting },
  survey: { build: buildSurveyCard, sample: samples.sampleSurvey },
  "survey-thanks": { build: buildSurveyThanksCard, sample: samples.sampleSurveyThanks },
  alert: { build: buildLowScoreAlertCard, sample: samples.sampleAlert },
  digest: {
    build: (i: DigestData, locale) => buildDigestCard({ locale, ...i }),
    sample: samples.sampleDigest,
  },
  "visit-form": { build: buildVisitFormCard, sample: samples.sampleVisitForm },
  status: { build: buildStatusCard, sample: samples.sampleStatus },
  handover: { build: buildHandoverCard, sample: samples.sampleHandover },
};

const VCHART_FILE = "vchart.min.js";

export const previewCommand: Command = {
  name: "preview",
  summary: "把卡片渲染成 JSON 和 HTML 以便设计 / render a card to JSON + HTML for design work",
  usage: `Usage: kam preview <card> [--data file.json] [--out dir] [--locale zh_cn|en_us]

Builds one card with realistic sample data (or the builder input in --data), checks it against the card
rules (size, components, form names, required fields) and writes <card>.json and <card>.html into --out
(default ./preview). The HTML page draws charts with VChart copied next to it, so it works offline.
Exits 1 when the card breaks a rule.

Cards: ${Object.keys(PREVIEW_CARDS).join(", ")}

Options:
  --data FILE      JSON input for the card's builder (see src/cards/samples.ts for each shape)
  --out DIR        where to write the files (default ./preview)
  --locale L       zh_cn (default) or en_us: the HTML's language and the chart/table labels`,
  options: { data: { type: "string" }, out: { type: "string" }, locale: { type: "string" } },
  async run({ values, positionals }) {
    const name = positionals[0];
    const entry = name === undefined ? undefined : PREVIEW_CARDS[name];
    if (!name || !entry || positionals.length > 1) {
      throw new UsageError(
        `请指定一种卡片 / name one card: ${Object.keys(PREVIEW_CARDS).join(", ")}\n\n${previewCommand.usage}`,
      );
    }
    const locale = values.locale ?? "zh_cn";
    if (locale !== "zh_cn" && locale !== "en_us") throw new UsageError("--locale 应为 zh_cn 或 en_us");
    const input = values.data === undefined ? entry.sample() : readJson(String(values.data));
    let card: Card;
    try {
      card = entry.build(input, locale);
    } catch (err) {
      throw new UsageError(
        `--data 不是 ${name} 卡片的有效输入 / not a valid ${name} input: ${(err as Error).message}`,
      );
    }
    const out = resolve(String(values.out ?? "preview"));
    mkdirSync(out, { recursive: true });
    const jsonPath = join(out, `${name}.json`);
    const htmlPath = join(out, `${name}.html`);
    writeFileSync(jsonPath, `${JSON.stringify(card, null, 2)}\n`);
    writeFileSync(htmlPath, previewPage(card, `${name} · kam preview`, locale));
    copyFileSync(
      createRequire(import.meta.url).resolve("@visactor/vchart/build/index.min.js"),
      join(out, VCHART_FILE),
    );

    const say = (line: string) => process.stdout.write(`${line}\n`);
    say(`${jsonPath}\n${htmlPath}`);
    say(`${countComponents(card)} 个组件 components, ${byteLength(card)} 字节 bytes`);
    const problems = validateCard(card);
    if (problems.length === 0) {
      say("符合卡片规则 / the card passes every rule");
      return 0;
    }
    for (const p of problems) say(`问题 problem [${p.rule}] ${p.path}: ${p.message}`);
    return 1;
  },
};

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`无法读取 --data ${path} / cannot read it as JSON: ${(err as Error).message}`);
  }
}

/** A whole page: the card as the sandbox console shows it, charts drawn by the VChart copy beside it. */
export function previewPage(card: Card, title: string, locale: Locale): string {
  return `<!DOCTYPE html>
<html lang="${locale === "zh_cn" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{margin:24px;background:#f5f6f7}
${cardCss()}
</style>
</head>
<body>
${renderCardHtml(card, { locale })}
<script src="${VCHART_FILE}"></script>
<script>
(function () {
  var lib = window.VChart;
  var Chart = lib && (lib.default || lib.VChart);
  document.querySelectorAll(".kam-chart[data-spec]").forEach(function (el) {
    if (!Chart) { el.textContent = "VChart 未加载 not loaded"; return; }
    try {
      var spec = JSON.parse(el.getAttribute("data-spec"));
      spec.animation = false;
      new Chart(spec, { dom: el }).renderSync();
    } catch (err) { el.textContent = "图表错误 chart error: " + err.message; }
  });
})();
</script>
</body>
</html>
`;
}
