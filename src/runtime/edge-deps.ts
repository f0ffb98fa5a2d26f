import type { Config } from "../config.ts";
import type { Deps } from "../deps.ts";
import type { JobsHandle } from "../jobs/runner.ts";
import type { Services } from "../services.ts";

/** What the HTTP edge needs from the services, the same on Node and on Workers; the runtimes add the rest. */
export function edgeDeps(
  services: Services,
  jobs: JobsHandle,
  own: Pick<Deps, "actions" | "onEvent" | "runJob">,
): Deps {
  const { config, logger, ledger, clock, client, metrics, background } = services;
  return {
    config,
    logger,
    ledger,
    clock,
    feishu: {
      probe: () => probeFeishu(config),
      updateCard: (token, card) => client.messenger.updateCardByToken(token, card),
    },
    ...own,
    jobNames: jobs.jobs.map((j) => j.name),
    metrics,
    background,
  };
}

/** Reachability without side effects: a token request with the configured credentials. */
async function probeFeishu(config: Config): Promise<boolean> {
  try {
    const res = await fetch(`${config.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: config.appId, app_secret: config.appSecret }),
      signal: AbortSignal.timeout(2_000),
    });
    return ((await res.json()) as { code?: number }).code === 0;
  } catch {
    return false;
  }
}
