import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Hono } from "hono";
import { cardCss } from "../../cards/render-html.ts";

const here = (name: string) => new URL(name, import.meta.url);

/**
 * The console's own script and CSS, and VChart's browser build straight from node_modules: nothing is
 * fetched from the internet. Files are read once, on first request, so a console never opened costs nothing.
 */
export function consoleAssetRoutes() {
  const app = new Hono();
  const cache = new Map<string, string>();
  const once = (key: string, read: () => string) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const fresh = read();
    cache.set(key, fresh);
    return fresh;
  };
  const js = { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" };

  app.get("/console/assets/console.js", (c) =>
    c.body(
      once("js", () => readFileSync(here("./console.js"), "utf8")),
      200,
      js,
    ),
  );
  app.get("/console/assets/console.css", (c) =>
    c.body(
      once("css", () => `${cardCss()}\n${readFileSync(here("./console.css"), "utf8")}`),
      200,
      { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" },
    ),
  );
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/console/assets/vchart.js", (c) =>
    c.body(
      once("vchart", () =>
        readFileSync(createRequire(import.meta.url).resolve("@visactor/vchart/build/index.min.js"), "utf8"),
      ),
      200,
      { ...js, "cache-control": "max-age=3600" },
    ),
  );
  return app;
}
