import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { runBundleCli } from "../../../shared/bundles/cli/run.js";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import { emulator } from "../databricks/helpers.js";
import { bundleDir, schema } from "./helpers.js";

interface Ran {
  code: number;
  out: string;
  err: string;
}

describe("npm run bundle -- … (the CLI on the engine) against the emulator", () => {
  let emu: RunningEmulator;
  let work: string;
  const run = async (argv: string[], env: Record<string, string> = {}, userCwd = work): Promise<Ran> => {
    let out = "";
    let err = "";
    const code = await runBundleCli({
      argv,
      env: { DATABRICKS_HOST: emu.url, ...env },
      userCwd,
      io: { out: (t) => void (out += t), err: (t) => void (err += t) },
      client: (host) => createDatabricksClient({ host, auth: patAuth(emu.token), rateLimit: false }),
      schema,
      cliVersion: "0.1.0",
    });
    return { code, out, err };
  };
  beforeAll(async () => {
    emu = await emulator();
    work = bundleDir({
      "proj/databricks.yml":
        "bundle:\n  name: cli\nvariables:\n  who:\n    default: world\nresources:\n  jobs:\n    hello:\n      name: hello-${var.who}\n      tasks:\n        - task_key: t\n          spark_python_task:\n            python_file: ./hello.py\n",
      "proj/hello.py": "print('hello')\n",
    });
  });
  afterAll(() => emu.stop());

  it("validate -o json prints the resolved configuration; --var and a relative --bundle-dir from the user's cwd", async () => {
    const r = await run(["validate", "-o", "json", "--bundle-dir", "proj", "--var", "who=team"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const config = JSON.parse(r.out) as {
      resources: { jobs: { hello: { name: string } } };
      workspace: { root_path: string };
    };
    expect(config.resources.jobs.hello.name).toBe("hello-team");
    expect(config.workspace.root_path).toBe("/Workspace/Users/developer@example.com/.bundle/cli/default");
  });

  it("finds the bundle upwards from the user's cwd and through a relative DATABRICKS_BUNDLE_ROOT", async () => {
    mkdirSync(join(work, "proj", "sub"), { recursive: true });
    expect((await run(["validate"], {}, join(work, "proj", "sub"))).out).toMatch(
      /^Name: cli\nTarget: default\n[\s\S]*Validation OK!\n$/,
    );
    expect((await run(["validate"], { DATABRICKS_BUNDLE_ROOT: "proj" })).code).toBe(0);
    const missing = await run(["validate"]);
    expect(missing).toMatchObject({
      code: 1,
      err: "Error: unable to locate bundle root: databricks.yml not found\n",
    });
  });

  it("plan, deploy, plan again, summary, deploy from a saved plan, destroy", async () => {
    const dir = ["--bundle-dir", "proj"];
    expect((await run(["plan", ...dir])).out).toBe(
      "create jobs.hello\n\nPlan: 1 to add, 0 to change, 0 to delete, 0 unchanged\n",
    );
    const deployed = await run(["deploy", ...dir]);
    expect(deployed).toMatchObject({ code: 0, out: "" });
    expect(deployed.err).toBe(
      "Uploading bundle files to /Workspace/Users/developer@example.com/.bundle/cli/default/files...\nCreated jobs.hello\nFiles: 2 uploaded, 0 deleted\nResources: 1 created, 0 changed, 0 deleted, 0 unchanged\n",
    );
    expect((await run(["plan", ...dir])).out).toBe("Plan: 0 to add, 0 to change, 0 to delete, 1 unchanged\n");
    const summary = JSON.parse((await run(["summary", "-o", "json", ...dir])).out) as {
      resources: { jobs: { hello: { id: string; modified_status?: string } } };
    };
    expect(summary.resources.jobs.hello.id).toMatch(/^\d+$/);
    expect(summary.resources.jobs.hello.modified_status).toBeUndefined();
    const text = await run(["summary", ...dir]);
    expect(text.out).toContain(
      `    hello:\n      Name: hello-world\n      URL:  ${emu.url}/jobs/${summary.resources.jobs.hello.id}\n`,
    );
    const saved = await run(["plan", "-o", "json", ...dir, "--var", "who=saved"]);
    writeFileSync(join(work, "out.json"), saved.out);
    const fromPlan = await run(["deploy", ...dir, "--var", "who=saved", "--plan", "out.json"]);
    expect(fromPlan.err).toContain("Updated jobs.hello\n");
    const stale = await run(["deploy", ...dir, "--plan", "out.json"]);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(
      /^Error: the plan was made for serial 1 but the deployment now has serial 2; run plan again\n/,
    );
    expect(JSON.parse(readFileSync(join(work, "out.json"), "utf8"))).toMatchObject({
      plan_version: 2,
      serial: 1,
    });
    expect((await run(["destroy", ...dir])).err).toMatch(/pass --auto-approve/);
    const destroyed = await run(["destroy", "--auto-approve", ...dir]);
    expect(destroyed.out).toBe(
      "The following resources will be deleted:\n  delete resources.jobs.hello\n\nAll files and directories at the following location will be deleted: /Workspace/Users/developer@example.com/.bundle/cli/default\n\nDestroy: 1 deleted\n",
    );
  });

  it("bad arguments and a missing host are clear errors", async () => {
    expect((await run(["launch"])).err).toMatch(/^Error: unknown command "launch"\nUsage: npm run bundle/);
    expect((await run(["plan", "-o", "yaml"])).err).toMatch(/invalid output format yaml/);
    let err = "";
    const code = await runBundleCli({
      argv: ["plan", "--bundle-dir", "proj"],
      env: {},
      userCwd: work,
      io: { out: () => undefined, err: (t) => void (err += t) },
      client: () => {
        throw new Error("not built");
      },
      schema,
      cliVersion: "0",
    });
    expect({ code, err }).toEqual({ code: 1, err: "Error: DATABRICKS_HOST is not set\n" });
  });
});

describe("npm run bundle -- validate with lookup variables", () => {
  it("resolves a lookup variable through the workspace API the client talks to", async () => {
    const emu = await emulator();
    try {
      const work = bundleDir({
        "databricks.yml":
          "bundle:\n  name: lookups\nvariables:\n  cluster:\n    lookup:\n      cluster: shared\nresources:\n  jobs:\n    j:\n      name: on-${var.cluster}\n",
      });
      let out = "";
      let err = "";
      const code = await runBundleCli({
        argv: ["validate", "-o", "json"],
        env: { DATABRICKS_HOST: emu.url },
        userCwd: work,
        io: { out: (t) => void (out += t), err: (t) => void (err += t) },
        client: (host) => {
          const real = createDatabricksClient({ host, auth: patAuth(emu.token), rateLimit: false });
          // The emulator has no Clusters API: answer its list call as a workspace with one cluster would.
          const call: typeof real.rest.call = (request) =>
            request.path === "/api/2.1/clusters/list"
              ? (Promise.resolve({
                  clusters: [{ cluster_id: "0123-456789-abcdef", cluster_name: "shared" }],
                }) as never)
              : real.rest.call(request);
          return { ...real, rest: { ...real.rest, call } };
        },
        schema,
        cliVersion: "0.1.0",
      });
      expect(err).toBe("");
      expect(code).toBe(0);
      const config = JSON.parse(out) as { resources: { jobs: { j: { name: string } } } };
      expect(config.resources.jobs.j.name).toBe("on-0123-456789-abcdef");
    } finally {
      await emu.stop();
    }
  });
});
