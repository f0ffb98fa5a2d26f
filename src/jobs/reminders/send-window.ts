import { isWorkingDay } from "../../domain/calendar.ts";
import type { Policy } from "../../domain/policy.ts";

export type SendWindow = { open: true } | { open: false; reason: "non-working-day" | "quiet-hours" };

/** Local wall-clock minutes since midnight in `tz`. */
export function minutesOfDay(now: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Quiet hours may wrap midnight (21:00–08:00); equal start and end means none. */
export function inQuietHours(minutes: number, quiet: Policy["quietHours"]): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * Whether reminders may go out at `now`: only on China's statutory working days (make-up Saturdays
 * included, holidays excluded), and never inside the policy's quiet hours.
 */
export function sendWindow(today: string, now: number, tz: string, policy: Policy): SendWindow {
  if (!isWorkingDay(today)) return { open: false, reason: "non-working-day" };
  if (inQuietHours(minutesOfDay(now, tz), policy.quietHours)) return { open: false, reason: "quiet-hours" };
  return { open: true };
}
