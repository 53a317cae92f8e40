import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { azuriteFromStack, parseLandArgs } from "../../../local/eventgrid/land-args.js";
import { parseLakePath } from "../../../local/eventgrid/land.js";

describe("npm run land arguments", () => {
  it("resolves the source against INIT_CWD and finds stack.json under the package", () => {
    const args = parseLandArgs(["data/part", "landing/x"], { INIT_CWD: "/home/me/project" }, "/pkg");
    expect(args).toEqual({
      source: "/home/me/project/data/part",
      lakePath: "landing/x",
      marker: "_SUCCESS",
      stackFile: "/pkg/.local/stack.json",
    });
    expect(parseLandArgs(["/abs/f.csv", "landing", "--no-marker"], {}, "/pkg")?.marker).toBeUndefined();
    expect(parseLandArgs(["a", "b", "--marker", "_DONE"], {}, "/pkg")?.marker).toBe("_DONE");
    expect(() => parseLandArgs(["only-one"], {}, "/pkg")).toThrow("expected <file-or-folder> <lake-path>");
    expect(() => parseLandArgs(["a", "b", "--marker", "../x"], {}, "/pkg")).toThrow(
      "--marker must be a plain file name",
    );
  });

  it("parses filesystem/path and abfss:// lake paths, refusing unsafe ones", () => {
    expect(parseLakePath("landing/churn/customers/date=2026-11-25/", "devstoreaccount1")).toEqual({
      container: "landing",
      prefix: "churn/customers/date=2026-11-25",
    });
    expect(
      parseLakePath(
        "abfss://landing@devstoreaccount1.dfs.core.windows.net/churn/c/date=2026-11-25",
        "devstoreaccount1",
      ),
    ).toEqual({ container: "landing", prefix: "churn/c/date=2026-11-25" });
    expect(parseLakePath("landing", "devstoreaccount1")).toEqual({ container: "landing", prefix: "" });
    expect(() => parseLakePath("abfss://landing@stprod.dfs.core.windows.net/x", "devstoreaccount1")).toThrow(
      "names account stprod",
    );
    expect(() => parseLakePath("landing/a/../b", "devstoreaccount1")).toThrow(". or .. segments");
    expect(() => parseLakePath("Landing/a", "devstoreaccount1")).toThrow("not a container");
  });

  it("reads Azurite from a live stack.json and refuses a missing or stale one", () => {
    const dir = mkdtempSync(join(tmpdir(), "land-args-"));
    const file = join(dir, "stack.json");
    expect(() => azuriteFromStack(file)).toThrow("start the local stack first");
    const azurite = { connectionString: "UseDevelopmentStorage=true", account: "devstoreaccount1" };
    writeFileSync(file, JSON.stringify({ pid: process.pid, components: { azurite } }));
    expect(azuriteFromStack(file)).toEqual(azurite);
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, components: { azurite } }));
    expect(() => azuriteFromStack(file)).toThrow("is stale");
  });
});
