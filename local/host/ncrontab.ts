/**
 * NCRONTAB as the Functions timer trigger reads it: `{second} {minute} {hour} {day} {month} {day-of-week}`
 * with `*`, ranges, lists, steps and JAN-DEC / SUN-SAT names, evaluated in UTC. Like NCrontab, day and
 * day-of-week must BOTH match (Vixie cron ORs them). Five fields are accepted with second 0.
 */
export interface Schedule {
  /** The first occurrence strictly after `after`, or undefined when there is none within five years. */
  next(after: Date): Date | undefined;
}

interface Field {
  min: number;
  max: number;
  names?: string[];
}

const fields: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

function value(text: string, field: Field): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max) {
    throw new Error(`"${text}" is out of range ${field.min}-${field.max}`);
  }
  return n;
}

function parseField(text: string, field: Field): Set<number> {
  const set = new Set<number>();
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Invalid step in "${part}"`);
    let lo: number;
    let hi: number;
    if (range === "*") [lo, hi] = [field.min, field.max];
    else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      [lo, hi] = [value(a, field), value(b, field)];
      if (lo > hi) throw new Error(`Invalid range "${range}"`);
    } else {
      lo = value(range, field);
      hi = stepText === undefined ? lo : field.max;
    }
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return set;
}

export function parseNcrontab(expression: string): Schedule {
  let parts = expression.trim().split(/\s+/);
  if (parts.length === 5) parts = ["0", ...parts];
  if (parts.length !== 6) throw new Error(`NCRONTAB "${expression}" must have 6 fields (second minute hour day month day-of-week)`);
  let sets: Set<number>[];
  try {
    sets = parts.map((p, i) => parseField(p, fields[i] as Field));
  } catch (err) {
    throw new Error(`Invalid NCRONTAB "${expression}": ${(err as Error).message}`, { cause: err });
  }
  const [sec, min, hour, day, month, dow] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    next(after: Date): Date | undefined {
      const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
      const limit = after.getUTCFullYear() + 5;
      while (t.getUTCFullYear() <= limit) {
        if (!month.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!day.has(t.getUTCDate()) || !dow.has(t.getUTCDay())) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!hour.has(t.getUTCHours())) t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
        else if (!min.has(t.getUTCMinutes())) t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
        else if (!sec.has(t.getUTCSeconds())) t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
        else return t;
      }
      return undefined;
    },
  };
}

/** A TimeSpan schedule (`hh:mm:ss` or `d.hh:mm:ss`), which the host also accepts. */
export function parseTimeSpan(expression: string): Schedule | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(expression.trim());
  if (!m) return undefined;
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2])) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000;
  if (ms <= 0) throw new Error(`TimeSpan schedule "${expression}" must be positive`);
  return { next: (after) => new Date(after.getTime() + ms) };
}

export function parseSchedule(expression: string): Schedule {
  return parseTimeSpan(expression) ?? parseNcrontab(expression);
}
