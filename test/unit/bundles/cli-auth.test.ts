import type { TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { bundleAuth } from "../../../local/bundle/auth.js";

/** A credential that must never be asked for a token here: making it is what the tests count. */
const counting = () => {
  let made = 0;
  const credential: TokenCredential = { getToken: () => Promise.reject(new Error("no token in tests")) };
  return { make: () => (made++, credential), made: () => made };
};

describe("npm run bundle authentication", () => {
  it("uses DATABRICKS_TOKEN when set and makes no Azure credential", async () => {
    const c = counting();
    const auth = bundleAuth("https://adb-1.azuredatabricks.net", "dapi-secret", c.make);
    expect(await auth.headers()).toEqual({ authorization: "Bearer dapi-secret" });
    expect(c.made()).toBe(0);
  });

  it.each(["http://127.0.0.1:7073", "http://localhost:7073", "http://[::1]:7073"])(
    "refuses a workspace on this machine (%s) without a token, before any Azure credential exists",
    (host) => {
      const c = counting();
      expect(() => bundleAuth(host, undefined, c.make)).toThrow(/DATABRICKS_TOKEN is not set .*stack\.json/);
      expect(() => bundleAuth(host, "", c.make)).toThrow(/DATABRICKS_TOKEN/);
      expect(c.made()).toBe(0);
    },
  );

  it("makes the Azure credential only for a remote workspace without a token", () => {
    const c = counting();
    bundleAuth("https://adb-1.azuredatabricks.net", undefined, c.make);
    expect(c.made()).toBe(1);
  });
});
