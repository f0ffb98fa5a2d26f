import { control } from "../cli/ensure-sandbox.ts";
import type { Config } from "../config.ts";
import type { BitableGateway } from "../feishu/bitable.ts";
import { loadTemplate } from "../feishu/template.ts";
import { demoBook } from "../seed/demo-book.ts";
import { bindBase } from "./base.ts";
import { demoManagers } from "./demo-managers.ts";
import { provision } from "./provision.ts";
import { type SeedSummary, seedBase } from "./seed.ts";

/**
 * Sandbox mode at start: point the sandbox's deliveries at this service, give it the demo org, and
 * provision and seed the demo base through the Open API (like a real deployment would be filled).
 */
export async function prepareSandboxDemo(
  config: Config,
  sandboxUrl: string,
  gw: BitableGateway,
  opts: {
    serviceUrl: string;
    today: string;
    accounts?: number;
    onProgress?: (table: string, done: number, total: number) => void;
  },
): Promise<SeedSummary> {
  await control(sandboxUrl, "/_sandbox/delivery", {
    eventUrl: `${opts.serviceUrl}/feishu/events`,
    cardUrl: `${opts.serviceUrl}/feishu/cards`,
    encryptKey: config.encryptKey,
    verificationToken: config.verificationToken,
  });
  await control(sandboxUrl, "/_sandbox/seed/org", {
    demo: true,
    managers: 20,
    teams: 3,
    seed: 42,
    merge: true,
  });
  const template = loadTemplate();
  await provision(gw, template);
  const base = await bindBase(gw, template);
  const book = demoBook({
    seed: 42,
    accounts: opts.accounts ?? 300,
    today: opts.today,
    managers: demoManagers(42),
  });
  return seedBase(base, book, { seed: 42, onProgress: opts.onProgress });
}
