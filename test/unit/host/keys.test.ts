import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authorizeLevel, authorizeSystem, loadOrCreateKeys, presentedKey, toAuthLevel } from "../../../local/host/keys.js";

describe("host keys", () => {
  it("creates random keys once and reuses them", () => {
    const dir = mkdtempSync(join(tmpdir(), "keys-"));
    const first = loadOrCreateKeys(dir);
    expect(new Set([first.masterKey, first.functionKeys.default, first.systemKeys.durabletask_extension, first.systemKeys.eventgrid_extension]).size).toBe(4);
    expect(loadOrCreateKeys(dir)).toEqual(first);
    expect(loadOrCreateKeys(mkdtempSync(join(tmpdir(), "keys-"))).masterKey).not.toBe(first.masterKey);
  });

  it("refuses a malformed keys file", () => {
    const dir = mkdtempSync(join(tmpdir(), "keys-"));
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ masterKey: "x" }));
    expect(() => loadOrCreateKeys(dir)).toThrow(/not a valid keys file/);
  });

  it("checks levels: master everywhere, function key for function level, system keys per extension", () => {
    const keys = loadOrCreateKeys(mkdtempSync(join(tmpdir(), "keys-")));
    expect(authorizeLevel(keys, "anonymous", undefined)).toBe(true);
    expect(authorizeLevel(keys, "function", undefined)).toBe(false);
    expect(authorizeLevel(keys, "function", keys.functionKeys.default)).toBe(true);
    expect(authorizeLevel(keys, "admin", keys.functionKeys.default)).toBe(false);
    expect(authorizeLevel(keys, "admin", keys.masterKey)).toBe(true);
    expect(authorizeSystem(keys, "eventgrid_extension", keys.systemKeys.eventgrid_extension)).toBe(true);
    expect(authorizeSystem(keys, "eventgrid_extension", keys.systemKeys.durabletask_extension)).toBe(false);
    expect(authorizeSystem(keys, "durabletask_extension", keys.masterKey)).toBe(true);
    expect(toAuthLevel("ANONYMOUS")).toBe("anonymous");
    expect(toAuthLevel(undefined)).toBe("function");
  });

  it("takes the key from x-functions-key first, then ?code=", () => {
    expect(presentedKey(new URL("http://h/x?code=q"), { "x-functions-key": "h" })).toBe("h");
    expect(presentedKey(new URL("http://h/x?code=q"), {})).toBe("q");
    expect(presentedKey(new URL("http://h/x"), {})).toBeUndefined();
  });
});
