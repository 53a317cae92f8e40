const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const DURATION = /^(\d{1,6})(s|m|h|d)$/;

/**
 * Seconds in a duration written the way people write them in YAML: `90s`, `5m`, `2h`, `1d`.
 * One unit per value keeps the grammar obvious; `undefined` when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
}
