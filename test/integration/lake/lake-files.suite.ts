import { describe, expect, it } from "vitest";
import type { LakeFiles } from "../../../shared/lake/store.js";

/**
 * The LakeFiles contract (shared/lake/store.ts), run against each implementation: the Blob store on real
 * Azurite and the DFS store on the loopback DFS fake.
 */
export function lakeFilesBehaviour(name: string, files: () => LakeFiles) {
  describe(`${name}: LakeFiles behaviour`, () => {
    it("reads a missing file as null", async () => {
      expect(await files().read("_orchestrator/missing/never-written.json")).toBeNull();
    });

    it("writes a file and replaces it whole on the next write", async () => {
      const f = files();
      await f.write("_orchestrator/runs/tr-1.json", '{"v":1,"long":"' + "x".repeat(5000) + '"}');
      await f.write("_orchestrator/runs/tr-1.json", '{"v":2}');
      expect(await f.read("_orchestrator/runs/tr-1.json")).toBe('{"v":2}');
    });

    it("keeps unicode text intact", async () => {
      const f = files();
      await f.write("_orchestrator/runs/unicode.json", '{"name":"Zoë – 数据"}');
      expect(await f.read("_orchestrator/runs/unicode.json")).toBe('{"name":"Zoë – 数据"}');
    });

    it("creates a file on the first append and adds to its end afterwards", async () => {
      const f = files();
      await f.append("_orchestrator/ledger/a.jsonl", '{"n":1}\n');
      await f.append("_orchestrator/ledger/a.jsonl", '{"n":2}\n');
      expect(await f.read("_orchestrator/ledger/a.jsonl")).toBe('{"n":1}\n{"n":2}\n');
    });

    it("keeps every line of concurrent appenders, none broken or interleaved", async () => {
      const writers = 6;
      const perWriter = 4;
      const path = "_orchestrator/ledger/concurrent.jsonl";
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const f = files(); // each writer its own handle, as separate activity invocations would have
          for (let i = 0; i < perWriter; i++)
            await f.append(path, JSON.stringify({ w, i, pad: "p".repeat(200 + w * 37) }) + "\n");
        }),
      );
      const lines = ((await files().read(path)) ?? "").split("\n").filter((l) => l !== "");
      const parsed = lines.map((l) => JSON.parse(l) as { w: number; i: number; pad: string });
      expect(parsed).toHaveLength(writers * perWriter);
      for (const p of parsed) expect(p.pad).toBe("p".repeat(200 + p.w * 37));
      const seen = new Set(parsed.map((p) => `${p.w}:${p.i}`));
      expect(seen.size).toBe(writers * perWriter);
      for (let w = 0; w < writers; w++) {
        const own = parsed.filter((p) => p.w === w).map((p) => p.i);
        expect(own).toEqual([...own].sort((a, b) => a - b)); // each writer's lines in its order
      }
    });
  });
}
