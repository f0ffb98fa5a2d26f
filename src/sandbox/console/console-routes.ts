import { Hono } from "hono";
import { serviceLinkRoutes } from "../routes/control.ts";
import type { SandboxState } from "../state.ts";
import { consoleApiRoutes } from "./api-routes.ts";
import { consoleAssetRoutes } from "./asset-routes.ts";
import { consolePageRoutes } from "./page-routes.tsx";

/**
 * The sandbox console: a browser UI at / over the sandbox's state (chats, tables, calls, clock).
 * It has no sign-in on purpose: the sandbox is a local test double holding demo data, bound to 127.0.0.1
 * by default. Never expose it on a shared network.
 */
export function consoleRoutes(state: SandboxState) {
  const app = new Hono();
  app.route("/", consoleAssetRoutes());
  app.route("/", consoleApiRoutes(state));
  app.route("/", consolePageRoutes(state));
  app.route("/", serviceLinkRoutes(state));
  return app;
}
