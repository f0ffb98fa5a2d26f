/** The console shows every time as the demo team reads it: Asia/Shanghai, 24-hour, ISO-like. */
const TZ = "Asia/Shanghai";

// sv-SE formats as "2026-11-24 09:30:05", which is what we want without string surgery.
const DATE_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export function shanghaiDateTime(ms: number): string {
  return Number.isFinite(ms) ? DATE_TIME.format(ms) : "";
}

export function shanghaiDate(ms: number): string {
  return shanghaiDateTime(ms).slice(0, 10);
}

/** Midnight of a yyyy-mm-dd day in Shanghai, as Feishu stores a date cell (ms); undefined when not a date. */
export function shanghaiMidnight(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const ms = Date.parse(`${day}T00:00:00+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** "+3 天 2 小时" for a clock offset, so a person sees how far the sandbox runs ahead of real time. */
export function offsetText(ms: number): string {
  if (Math.abs(ms) < 60_000) return "实时 real time";
  const sign = ms < 0 ? "-" : "+";
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? `${days} 天` : "", hours ? `${hours} 小时` : "", !days && mins ? `${mins} 分` : ""];
  return `${sign}${parts.filter(Boolean).join(" ")}`;
}
