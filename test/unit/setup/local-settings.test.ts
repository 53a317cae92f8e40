import { describe, expect, it } from "vitest";
import { mergeLocalSettings } from "../../../local/setup/local-settings.mjs";

const sample = JSON.stringify({
  IsEncrypted: false,
  Values: { A: "sample-a", B: "sample-b", C: "sample-c" },
});

describe("mergeLocalSettings", () => {
  it("adds only the settings the file lacks and keeps every existing value, edited or emptied", () => {
    const current = JSON.stringify({
      IsEncrypted: false,
      Values: { A: "edited", B: "" },
      Host: { CORS: "*" },
    });
    const merged = mergeLocalSettings(current, sample);
    expect(merged?.added).toEqual(["C"]);
    expect(JSON.parse(merged?.text ?? "")).toEqual({
      IsEncrypted: false,
      Values: { A: "edited", B: "", C: "sample-c" },
      Host: { CORS: "*" },
    });
  });

  it("changes nothing when the file has every setting", () => {
    expect(mergeLocalSettings(sample, sample)).toBeUndefined();
  });

  it("refuses a file that is not JSON rather than replacing it", () => {
    expect(() => mergeLocalSettings("{ not json", sample)).toThrow();
  });
});
