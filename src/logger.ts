/** Structured logs: one JSON line per event. Secrets never reach here: callers log ids and codes, not payloads. */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /secret|token|password|encrypt|authorization|signature/i;

export function createLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  base: Record<string, unknown> = {},
): Logger {
  const emit = (lvl: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(
      JSON.stringify({ t: new Date().toISOString(), level: lvl, event, ...redact(base), ...redact(fields) }),
    );
  };
  return {
    debug: (e, f) => emit("debug", e, f),
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = createLogger("error", () => {});

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = SECRET_KEYS.test(k) && typeof v === "string" && v ? "[redacted]" : v;
  }
  return out;
}
