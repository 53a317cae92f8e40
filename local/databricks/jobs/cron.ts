/**
 * Quartz cron expressions, as job schedules use them (`schedule.quartz_cron_expression`): seconds, minutes,
 * hours, day of month, month, day of week and an optional year. Values, `*`, `?`, ranges, steps, lists and
 * month / weekday names are supported; Quartz's `L`, `W` and `#` are refused, not guessed at. Day of week
 * counts 1 = SUN … 7 = SAT, as in Quartz (not 0 = Sunday as in Unix cron).
 */
export interface CronSpec {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  /** undefined when the field is `?` (the other day field decides). */
  daysOfMonth: Set<number> | undefined;
  months: Set<number>;
  daysOfWeek: Set<number> | undefined;
  /** undefined means every year. */
  years: Set<number> | undefined;
}

const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const rules: FieldRule[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: months },
  { name: "day of week", min: 1, max: 7, names: weekdays },
  { name: "year", min: 1970, max: 2199 },
];

/** Parses an expression; throws an Error naming the field that is wrong. */
export function parseCron(expression: string): CronSpec {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7)
    throw new Error(
      `Invalid Quartz cron expression '${expression}': expected 6 or 7 fields, got ${fields.length}.`,
    );
  const [sec, min, hour, dom, month, dow, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if ((dom === "?") === (dow === "?"))
    throw new Error(
      `Invalid Quartz cron expression '${expression}': exactly one of day of month and day of week must be '?'.`,
    );
  const at = (i: number, text: string): Set<number> => parseField(text, rules[i] as FieldRule, expression);
  return {
    seconds: at(0, sec),
    minutes: at(1, min),
    hours: at(2, hour),
    daysOfMonth: dom === "?" ? undefined : at(3, dom),
    months: at(4, month),
    daysOfWeek: dow === "?" ? undefined : at(5, dow),
    years: year === undefined || year === "*" ? undefined : at(6, year),
  };
}

function parseField(text: string, rule: FieldRule, expression: string): Set<number> {
  const fail = (why: string): Error =>
    new Error(`Invalid Quartz cron expression '${expression}': ${rule.name} '${text}' ${why}.`);
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (n) => (rule.names?.includes(n.toUpperCase()) ? "0" : n))))
    throw fail("uses L, W or #, which the emulator does not support");
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m?.[1]) throw fail("is not a value, range, step or list");
    const value = (token: string): number => {
      const named = rule.names?.indexOf(token.toUpperCase()) ?? -1;
      const n = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
      if (!(n >= rule.min && n <= rule.max)) throw fail(`is out of range ${rule.min}-${rule.max}`);
      return n;
    };
    const from = m[1] === "*" ? rule.min : value(m[1]);
    const to = m[2] !== undefined ? value(m[2]) : m[1] === "*" || m[3] !== undefined ? rule.max : from;
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (step < 1 || to < from) throw fail("has an empty range or a zero step");
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}
