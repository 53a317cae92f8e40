import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { deployBundle, fileSnapshotStore, nodeTree } from "../../../shared/bundles/deploy/index.js";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import { CORPUS_DIR, corpusPresent } from "../../conformance/corpus.js";
import { nodeSource } from "../../conformance/node-source.js";
import { emulator } from "../databricks/helpers.js";
import { schema } from "./helpers.js";

const CASE = join(CORPUS_DIR, "cases", "resources__jobs__update_single_node");
const USER = "tester@databricks.com";

if (!corpusPresent()) console.warn(`SKIPPING deploy request conformance: ${CORPUS_DIR} is not present`);

/** The recorded requests (a stream of pretty-printed JSON objects) with the case's placeholders filled in. */
function recorded(
  file: string,
  ids: Record<string, string>,
): { method: string; path: string; body: unknown }[] {
  let text = readFileSync(join(CASE, "expected", file), "utf8").replaceAll("[USERNAME]", USER);
  for (const [k, v] of Object.entries(ids)) text = text.replaceAll(k, v);
  return JSON.parse(`[${text.trim().replace(/}\n{/g, "},{")}]`) as {
    method: string;
    path: string;
    body: unknown;
  }[];
}

describe.skipIf(!corpusPresent())(
  "deploy sends the job bodies the CLI sends (resources__jobs__update_single_node)",
  () => {
    let emu: RunningEmulator;
    const sent: { method: string; path: string; body: unknown }[] = [];
    let dir: string;
    const deploy = () => {
      const client = createDatabricksClient({
        host: emu.url,
        auth: patAuth(emu.token),
        rateLimit: false,
        fetch: (url, init) => {
          const path = new URL(String(url)).pathname;
          if (path.startsWith("/api/2.2/jobs/") && init?.method === "POST")
            sent.push({
              method: "POST",
              path,
              body: JSON.parse(typeof init.body === "string" ? init.body : "null") as unknown,
            });
          return fetch(url, init);
        },
      });
      return deployBundle(
        {
          client,
          snapshots: (l, t) => fileSnapshotStore(dir, t, emu.url, l.files),
          now: () => new Date(),
          newId: randomUUID,
          cliVersion: "0.1.0",
        },
        { source: nodeSource(dir), tree: nodeTree(dir), schema },
      );
    };
    beforeAll(async () => {
      emu = await emulator({ user: USER });
      dir = mkdtempSync(join(tmpdir(), "conf-deploy-"));
      cpSync(join(CASE, "input"), dir, { recursive: true });
      writeFileSync(join(dir, ".gitignore"), "*\n"); // the case's script does `echo "*" > .gitignore`
    });
    afterAll(() => emu.stop());

    it("create, then reset with the full settings after a change", async () => {
      const first = await deploy();
      expect(first.kind).toBe("deployed");
      expect(sent).toEqual(recorded("out.create.requests.txt", {}));
      sent.splice(0);
      writeFileSync(
        join(dir, "databricks.yml"),
        readFileSync(join(dir, "databricks.yml"), "utf8").replace("DAYS", "HOURS"),
      );
      const second = await deploy();
      expect(second.kind === "deployed" && second.applied).toEqual([
        { node: "resources.jobs.foo", action: "update" },
      ]);
      const jobId = String((sent[0]?.body as { job_id?: unknown } | undefined)?.job_id);
      expect(sent).toEqual(recorded("out.update.requests.direct.json", { "[FOO_ID]": jobId }));
    });
  },
);
