/** Today's date (yyyy-mm-dd) in a time zone, e.g. Asia/Shanghai. */
export function todayIn(tz: string, now = Date.now()): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  return parts;
}
