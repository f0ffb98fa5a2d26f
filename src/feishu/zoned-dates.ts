/**
 * Bitable stores dates as epoch milliseconds; the product thinks in calendar days of one time zone
 * (Asia/Shanghai unless configured). Intl only, so this runs in Workers too.
 */
export const DEFAULT_TZ = "Asia/Shanghai";

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(tz: string): Intl.DateTimeFormat {
  let f = dayFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(tz, f);
  }
  return f;
}

/** The calendar day (yyyy-mm-dd) that an instant falls on in `tz`. */
export function isoDateIn(ms: number, tz: string = DEFAULT_TZ): string {
  return dayFormat(tz).format(new Date(ms));
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Midnight at the start of a calendar day in `tz`, as epoch ms. */
export function startOfDayIn(isoDay: string, tz: string = DEFAULT_TZ): number {
  const m = ISO_DAY.exec(isoDay);
  if (!m || !isIsoDate(isoDay)) throw new RangeError(`not a calendar date (yyyy-mm-dd): ${isoDay}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const first = wall - offsetMs(wall, tz);
  // Near a DST change the offset at midnight differs from the one at the wall-clock guess.
  return wall - offsetMs(first, tz);
}

/** How far `tz` is ahead of UTC at an instant. */
function offsetMs(ms: number, tz: string): number {
  if (tz === "UTC") return 0;
  const p = wallParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** "yyyy-mm-ddThh:mm" of an instant in `tz`: the stamp a card shows on a handled row. */
export function isoMinuteIn(ms: number, tz: string = DEFAULT_TZ): string {
  const p = wallParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

type WallParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall clock in `tz` at an instant, as numbers. */
function wallParts(ms: number, tz: string): WallParts {
  let f = partFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormats.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  return p as WallParts;
}
