import { describe, expect, it } from "vitest";
import { needsIdScan, parseJson } from "../../../shared/databricks/int64.js";
import { quoteIdLiterals } from "../../../shared/databricks/int64-scan.js";
import { jobsIdKeys } from "../../../shared/databricks/runs-types.js";

// parseJson skips the text scanner when nothing in the text can be misread as a double (issue #3,
// client overhead per call). These tests hold the fast path to the scanner's answer.
const big = "9223372036854775807";
const keys: ReadonlySet<string> = new Set(["job_id", "run_id", "task_run_ids"]);
const scannerOnly = (text: string, idKeys: ReadonlySet<string>): unknown =>
  JSON.parse(quoteIdLiterals(text, idKeys));

describe("parseJson fast path", () => {
  it("takes the fast path for ids of at most 15 digits and returns them as exact strings", () => {
    const text = `{"job_id":999999999999999,"run_id":-42,"task_run_ids":[1,22,333],"start_time":1764000000000}`;
    expect(needsIdScan(text)).toBe(false);
    expect(parseJson(text, keys)).toEqual({
      job_id: "999999999999999",
      run_id: "-42",
      task_run_ids: ["1", "22", "333"],
      start_time: 1764000000000,
    });
  });

  it("leaves the fast path for a 16-digit run, so 19-digit ids survive through the scanner", () => {
    const text = `{"job_id":${big},"run_id":7,"tasks":[{"run_id":${big}}]}`;
    expect(needsIdScan(text)).toBe(true);
    expect(parseJson(text, keys)).toEqual({ job_id: big, run_id: "7", tasks: [{ run_id: big }] });
    // The boundary: 15 digits stay fast, 16 do not (2^53 has 16 digits).
    expect(needsIdScan(`{"job_id":123456789012345}`)).toBe(false);
    expect(needsIdScan(`{"job_id":1234567890123456}`)).toBe(true);
  });

  it("leaves the fast path for literals a parsed number cannot tell apart: fractions, exponents, -0", () => {
    for (const literal of ["1.0", "2.00", "1e3", "1E3", "5e+0", "-0", "0.5"]) {
      const text = `{"job_id":${literal},"other":${literal}}`;
      expect(needsIdScan(text), literal).toBe(true);
      expect(parseJson(text, keys), literal).toEqual(scannerOnly(text, keys));
    }
    // The scanner quotes only canonical decimals: 1.0 stays a number, -0 keeps its sign as text.
    expect(parseJson(`{"job_id":1.0,"run_id":-0}`, keys)).toEqual({ job_id: 1, run_id: "-0" });
  });

  it("errs towards the scanner on look-alikes inside strings", () => {
    expect(needsIdScan(`{"spark_version":"15.4.x-scala2.12","job_id":1}`)).toBe(true);
    expect(needsIdScan(`{"name":"x-0","job_id":1}`)).toBe(true);
    expect(parseJson(`{"spark_version":"15.4.x","job_id":1}`, keys)).toEqual({
      spark_version: "15.4.x",
      job_id: "1",
    });
  });

  it("gives the scanner's answer for nesting, escapes, duplicates and ids inside strings", () => {
    const texts = [
      `{"task_run_ids":[1,[2,3],{"run_id":4,"x":5}],"job_id":{"run_id":6,"y":7}}`,
      `[1,{"job_id":2},[{"run_id":3}]]`,
      `{"job_id":1,"job_id":2}`,
      `{"m":"say \\"job_id\\":1","job_id":3,"k\\\\":4}`,
      `{"job_id":[],"run_id":null,"task_run_ids":[true,"5",6]}`,
      ` { "job_id" : 12 , "run_id" :\n[ 1 , 2 ] } `,
      `{"a":{"b":{"c":[{"job_id":8}]}},"run_id":9}`,
    ];
    for (const text of texts) {
      expect(needsIdScan(text), text).toBe(false);
      expect(parseJson(text, keys), text).toEqual(scannerOnly(text, keys));
    }
  });

  it("agrees with the scanner on generated Jobs-like answers, on both paths", () => {
    let seed = 12345;
    // A fixed linear congruential generator: the same corpus on every run, so a failure reproduces.
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const names = ["job_id", "run_id", "id", "task_run_ids", "name", "timeout_seconds", "tasks"];
    // Half the texts keep every digit run within 15 (fast path), half may reach 19 (scanner).
    let maxDigits = 15;
    const digits = (): string => {
      const n = 1 + rand(maxDigits);
      return String(1 + rand(9)) + Array.from({ length: n - 1 }, () => String(rand(10))).join("");
    };
    const value = (depth: number): string => {
      const pick = rand(depth > 2 ? 3 : 6);
      if (pick === 0) return `${rand(2) === 0 ? "-" : ""}${digits()}`;
      if (pick === 1) return JSON.stringify(`s${rand(100)}\\"q"${digits()}`);
      if (pick === 2) return ["true", "false", "null"][rand(3)] ?? "null";
      if (pick === 3) return `[${Array.from({ length: rand(4) }, () => value(depth + 1)).join(",")}]`;
      const members = Array.from({ length: 1 + rand(4) }, () => {
        return `${JSON.stringify(names[rand(names.length)])}:${value(depth + 1)}`;
      });
      return `{${members.join(",")}}`;
    };
    let fast = 0;
    for (let i = 0; i < 2000; i++) {
      maxDigits = i % 2 === 0 ? 15 : 19;
      const text = `{"job_id":${digits()},"task_run_ids":${value(2)},"tasks":${value(1)}}`;
      if (!needsIdScan(text)) fast++;
      expect(parseJson(text, jobsIdKeys), text).toEqual(scannerOnly(text, jobsIdKeys));
    }
    // Both paths are exercised, or the comparison above proves nothing about one of them.
    expect(fast).toBeGreaterThan(300);
    expect(2000 - fast).toBeGreaterThan(300);
  });
});
