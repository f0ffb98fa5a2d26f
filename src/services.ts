import type { BackgroundQueue } from "./background.ts";
import type { Config } from "./config.ts";
import type { Clock } from "./deps.ts";
import type { FeishuClient } from "./feishu/client.ts";
import { loadTemplate } from "./feishu/template.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { type BoundBase, bindBase } from "./ops/base.ts";
import type { Ledger } from "./store/ledger.ts";

/**
 * What jobs and card actions work with: the edge's bag plus the Feishu client and the bound base.
 * Action handlers are made by factories that close over this, so the HTTP edge stays small.
 */
export type Services = {
  config: Config;
  logger: Logger;
  ledger: Ledger;
  clock: Clock;
  client: FeishuClient;
  metrics: Metrics;
  background: BackgroundQueue;
  /** The base's tables by key; found once, then cached (a missing table says to run provision). */
  base(): Promise<BoundBase>;
};

export function createServices(parts: Omit<Services, "base">): Services {
  let bound: Promise<BoundBase> | undefined;
  return {
    ...parts,
    base() {
      bound ??= bindBase(parts.client.bitable(parts.config.appToken), loadTemplate()).catch((err) => {
        bound = undefined;
        throw err;
      });
      return bound;
    },
  };
}
