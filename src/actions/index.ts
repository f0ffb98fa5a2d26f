import type { CardActionHandler } from "../deps.ts";
import type { Services } from "../services.ts";

/** Card action handlers by action id (`action.value.action`), made over the services they need. */
export function allActions(_services: Services): Record<string, CardActionHandler> {
  return {};
}
