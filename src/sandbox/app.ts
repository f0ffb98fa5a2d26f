import { Hono } from "hono";
import { Codes } from "./envelope.ts";
import type { SandboxEnv } from "./guard.ts";
import { authRoutes } from "./routes/auth.ts";
import type { SandboxState } from "./state.ts";

/** The sandbox as one Hono app: Open API under /open-apis, the control API under /_sandbox, the console at /. */
export function createSandboxApp(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  app.route("/", authRoutes(state));
  // Route modules register here as they are written: bitable, im, contact, drive, interactive, control, console.
  app.notFound((c) => c.json({ code: Codes.notFound, msg: `404 page not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) =>
    c.json({ code: Codes.bitableInternalError, msg: `sandbox internal error: ${err.message}` }, 500),
  );
  return app;
}
