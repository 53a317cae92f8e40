import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ComponentSpec } from "../../../local/stack/components.js";
import { removeStackFile, resetState, writeStackFile, type StackFile } from "../../../local/stack/state.js";
import type { RunningComponent } from "../../../local/stack/supervise.js";
import { componentTable } from "../../../local/stack/table.js";

function component(name: ComponentSpec["name"], endpoints: ComponentSpec["endpoints"]): RunningComponent {
  const spec = { name, endpoints } as ComponentSpec;
  const never = new Promise<void>(() => undefined);
  return {
    spec,
    pid: 1,
    logFile: `/data/logs/${name}.log`,
    exited: never,
    hasExited: () => false,
    readyMs: () => 1500,
    ready: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

describe("componentTable", () => {
  it("aligns one row per endpoint and names each component and its log once", () => {
    const table = componentTable(
      [
        component("azurite", [
          { label: "blob", url: "http://127.0.0.1:10000/devstoreaccount1" },
          { label: "queue", url: "http://127.0.0.1:10001/devstoreaccount1" },
        ]),
        component("host", [{ label: "function app", url: "http://127.0.0.1:7071" }]),
      ],
      () => "healthy",
    );
    expect(table.split("\n")).toEqual([
      "component  endpoint      url                                      state    log",
      "---------  ------------  ---------------------------------------  -------  ----------------------",
      "azurite    blob          http://127.0.0.1:10000/devstoreaccount1  healthy  /data/logs/azurite.log",
      "           queue         http://127.0.0.1:10001/devstoreaccount1",
      "host       function app  http://127.0.0.1:7071                    healthy  /data/logs/host.log",
    ]);
  });
});

describe("stack state", () => {
  it("--fresh empties the component folders only: logs, the venv and set-up markers stay", () => {
    const dir = mkdtempSync(join(tmpdir(), "stack-state-"));
    for (const folder of ["azurite", "mlflow", "databricks", "host", "logs", "venv", "setup"])
      mkdirSync(join(dir, folder));
    resetState(dir);
    expect(["azurite", "mlflow", "databricks", "host"].filter((f) => existsSync(join(dir, f)))).toEqual([]);
    expect(["logs", "venv", "setup"].every((f) => existsSync(join(dir, f)))).toBe(true);
  });

  it("writes stack.json readable by the user only, and removes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "stack-state-"));
    const content = {
      pid: 1,
      startedAt: "2026-11-26T00:00:00.000Z",
      readyMs: 1,
      dataDir: dir,
      components: {},
    } as StackFile;
    const path = writeStackFile(dir, content);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(content);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    removeStackFile(dir);
    expect(existsSync(path)).toBe(false);
  });
});
