import { Hono } from "hono";
import { consoleRoutes } from "./console/console-routes.ts";
import { Codes, fail, SandboxError } from "./envelope.ts";
import type { SandboxEnv } from "./guard.ts";
import { authRoutes } from "./routes/auth.ts";
import { bitableRoutes } from "./routes/bitable.ts";
import { contactRoutes } from "./routes/contact.ts";
import { controlRoutes } from "./routes/control.ts";
import { driveRoutes } from "./routes/drive.ts";
import { imRoutes } from "./routes/im.ts";
import { interactiveRoutes } from "./routes/interactive.ts";
import type { SandboxState } from "./state.ts";

/** The sandbox as one Hono app: Open API under /open-apis, the control API under /_sandbox, the console at /. */
export function createSandboxApp(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  app.route("/", authRoutes(state));
  // Route modules register here as they are written: bitable, im, contact, drive, interactive, control, console.
  app.route("/", bitableRoutes(state));
  app.route("/", driveRoutes(state));
  app.route("/", imRoutes(state));
  app.route("/", contactRoutes(state));
  app.route("/", interactiveRoutes(state));
  app.route("/", controlRoutes(state));
  app.route("/", consoleRoutes(state));
  app.notFound((c) =>
    c.json({ code: Codes.notFound, msg: `404 page not found: ${c.req.method} ${c.req.path}` }, 404),
  );
  // A SandboxError thrown by a handler reaches here (Hono converts it before the guard sees it): answer Feishu-style.
  app.onError((err, c) =>
    err instanceof SandboxError
      ? fail(c, err)
      : c.json({ code: Codes.bitableInternalError, msg: `sandbox internal error: ${err.message}` }, 500),
  );
  return app;
}
