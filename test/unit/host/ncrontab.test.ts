import { describe, expect, it } from "vitest";
import { parseNcrontab, parseSchedule } from "../../../local/host/ncrontab.js";

const at = (iso: string): Date => new Date(iso);

describe("parseNcrontab", () => {
  it.each([
    ["every second", "* * * * * *", "2026-03-04T10:20:30.400Z", "2026-03-04T10:20:31.000Z"],
    ["every 5 minutes", "0 */5 * * * *", "2026-03-04T10:21:00Z", "2026-03-04T10:25:00.000Z"],
    ["top of the hour", "0 0 * * * *", "2026-03-04T10:00:00Z", "2026-03-04T11:00:00.000Z"],
    ["9:30 every day", "0 30 9 * * *", "2026-03-04T10:00:00Z", "2026-03-05T09:30:00.000Z"],
    ["weekdays at 9 (range)", "0 0 9 * * 1-5", "2026-03-06T10:00:00Z", "2026-03-09T09:00:00.000Z"],
    ["weekday names", "0 0 9 * * MON-FRI", "2026-03-07T00:00:00Z", "2026-03-09T09:00:00.000Z"],
    ["list of hours", "0 0 6,18 * * *", "2026-03-04T07:00:00Z", "2026-03-04T18:00:00.000Z"],
    ["range with step", "0 0 8-20/4 * * *", "2026-03-04T13:00:00Z", "2026-03-04T16:00:00.000Z"],
    ["month names", "0 0 0 1 JAN,JUL *", "2026-03-04T00:00:00Z", "2026-07-01T00:00:00.000Z"],
    ["year wrap", "0 0 0 1 1 *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00.000Z"],
    ["seconds list", "10,40 * * * * *", "2026-03-04T10:00:15Z", "2026-03-04T10:00:40.000Z"],
    ["start/step", "5/20 * * * * *", "2026-03-04T10:00:26Z", "2026-03-04T10:00:45.000Z"],
    ["day AND weekday (NCrontab)", "0 0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-02-13T00:00:00.000Z"],
    ["leap day", "0 0 12 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T12:00:00.000Z"],
    ["five fields mean second 0", "*/15 * * * *", "2026-03-04T10:01:00Z", "2026-03-04T10:15:00.000Z"],
  ])("%s: %s after %s", (_name, expr, after, expected) => {
    expect(parseNcrontab(expr).next(at(after))?.toISOString()).toBe(expected);
  });

  it("returns undefined when nothing ever matches", () => {
    expect(parseNcrontab("0 0 0 30 2 *").next(at("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it.each([
    ["too few fields", "* * * *"],
    ["second out of range", "60 * * * * *"],
    ["hour out of range", "0 0 24 * * *"],
    ["day-of-week 7", "0 0 0 * * 7"],
    ["unknown name", "0 0 0 * FOO *"],
    ["zero step", "*/0 * * * * *"],
    ["inverted range", "0 0 10-5 * * *"],
  ])("rejects %s (%s)", (_name, expr) => {
    expect(() => parseNcrontab(expr)).toThrow(/NCRONTAB/);
  });

  it("accepts TimeSpan schedules", () => {
    expect(parseSchedule("00:00:30").next(at("2026-03-04T10:00:00Z"))?.toISOString()).toBe("2026-03-04T10:00:30.000Z");
    expect(parseSchedule("1.00:00:00").next(at("2026-03-04T10:00:00Z"))?.toISOString()).toBe("2026-03-05T10:00:00.000Z");
  });
});
