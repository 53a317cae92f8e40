import type { CronSpec } from "./cron.js";

/**
 * The next time a Quartz schedule fires, in a Java/IANA time zone (`schedule.timezone_id`). The search walks
 * wall-clock time in the zone, skipping whole years, months, days, hours and minutes that cannot match.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a zone the runtime does not know. */
export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's wall clock at `epochMs`, written as if it were UTC. */
function wallClock(zone: string, epochMs: number): number {
  const parts = Object.fromEntries(
    zoneFormatter(zone)
      .formatToParts(epochMs)
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The instant a wall-clock time (written as UTC) happens in the zone. */
function instantOf(zone: string, wall: number): number {
  const guess = wall - (wallClock(zone, wall) - wall);
  return wall - (wallClock(zone, guess) - guess);
}

/** The first firing strictly after `afterMs`, or undefined if there is none within a century. */
export function nextFire(spec: CronSpec, zone: string, afterMs: number): number | undefined {
  // The formatter has whole seconds, so this is the first whole second after `afterMs`.
  let d = new Date(wallClock(zone, afterMs) + 1000);
  const limit = d.getUTCFullYear() + 100;
  const next = (y: number, mo: number, day = 1, h = 0, mi = 0, s = 0): Date =>
    new Date(Date.UTC(y, mo, day, h, mi, s));
  while (d.getUTCFullYear() <= limit) {
    const [y, mo, day, h, mi, s] = [
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ];
    if (spec.years && !spec.years.has(y)) d = next(y + 1, 0);
    else if (!spec.months.has(mo + 1)) d = next(y, mo + 1);
    else if (!dayMatches(spec, day, d.getUTCDay() + 1)) d = next(y, mo, day + 1);
    else if (!spec.hours.has(h)) d = next(y, mo, day, h + 1);
    else if (!spec.minutes.has(mi)) d = next(y, mo, day, h, mi + 1);
    else if (!spec.seconds.has(s)) d = next(y, mo, day, h, mi, s + 1);
    else {
      const at = instantOf(zone, d.getTime());
      if (at > afterMs) return at;
      d = next(y, mo, day, h, mi, s + 1);
    }
  }
  return undefined;
}

function dayMatches(spec: CronSpec, dayOfMonth: number, dayOfWeek: number): boolean {
  if (spec.daysOfMonth) return spec.daysOfMonth.has(dayOfMonth);
  return spec.daysOfWeek?.has(dayOfWeek) ?? true;
}
