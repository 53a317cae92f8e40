import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Store } from "../../../local/host/durable/store.js";

it("refuses a second host on the same data folder, and lets one start again after the first closes", () => {
  const dir = mkdtempSync(join(tmpdir(), "durable-lock-"));
  const first = new Store(dir);
  try {
    expect(() => new Store(dir)).toThrow(/Another local host is already using .*--data/);
  } finally {
    first.close();
  }
  const again = new Store(dir);
  again.close();
  rmSync(dir, { recursive: true, force: true });
});
