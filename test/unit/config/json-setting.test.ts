import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonSetting } from "../../../shared/config/setting.js";

describe("jsonSetting", () => {
  const schema = jsonSetting(z.object({ a: z.number() }).strict());

  it("parses JSON text and checks it with the schema", () => {
    expect(schema.parse('{"a":1}')).toEqual({ a: 1 });
    expect(schema.safeParse('{"a":"x"}').success).toBe(false);
  });

  it("says 'must be JSON' for text that is not JSON, without echoing the value", () => {
    const result = schema.safeParse("{secret-ish value");
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(["must be JSON"]);
    expect(JSON.stringify(result.error?.issues)).not.toContain("secret-ish");
  });
});
