import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./hcl.js";

// Issue #9: the workflows lint clean with actionlint (built into .local/venv by the set-up pre-hook) and
// keep the shape the deploy design relies on.

const workflows = join(repoRoot, ".github", "workflows");
const venvBin = join(repoRoot, ".local", "venv", process.platform === "win32" ? "Scripts" : "bin");
const actionlint = join(venvBin, process.platform === "win32" ? "actionlint.exe" : "actionlint");
const shellcheck = join(venvBin, "shellcheck");
const haveActionlint = existsSync(actionlint);

if (!haveActionlint) {
  console.warn(
    `NOTICE: actionlint not found at ${actionlint}; the workflow lint tests are SKIPPED. ` +
      "It is built by `node local/setup/ensure.mjs` when Go is on PATH.",
  );
}

function lint(files: string[]): { status: number | null; output: string } {
  const args = [
    "-no-color",
    "-oneline",
    `-shellcheck=${existsSync(shellcheck) ? shellcheck : ""}`,
    "-pyflakes=",
  ];
  const r = spawnSync(actionlint, [...args, ...files], { cwd: repoRoot, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

type Workflow = {
  on: Record<string, unknown>;
  jobs: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
};
const load = (name: string): Workflow => parse(readFileSync(join(workflows, name), "utf8")) as Workflow;

describe(".github/workflows", () => {
  it.skipIf(!haveActionlint)("lint clean with actionlint (and shellcheck on run: scripts)", () => {
    const files = readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml"]));
    const { status, output } = lint(files.map((f) => join(workflows, f)));
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  it.skipIf(!haveActionlint)("actionlint reports a broken workflow", () => {
    const bad = join(mkdtempSync(join(tmpdir(), "actionlint-")), "bad.yml");
    const steps = [
      "      - run: echo ${{ github.nope }}",
      ...(existsSync(shellcheck) ? ["      - run: ls `pwd`"] : []),
    ];
    writeFileSync(
      bad,
      ["on: push", "jobs:", "  x:", "    runs-on: ubuntu-latest", "    steps:", ...steps, ""].join("\n"),
    );
    const { status, output } = lint([bad]);
    expect(status).not.toBe(0);
    expect(output).toContain('property "nope" is not defined');
    if (existsSync(shellcheck)) expect(output).toContain("SC2046");
  });

  it("ci.yml runs npm test, lint and typecheck on Node 22 and Python 3.11 for pushes and pull requests", () => {
    const ci = load("ci.yml");
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request", "push"]));
    const text = JSON.stringify(ci.jobs);
    for (const needle of [
      "npm test",
      "npm run lint",
      "npm run typecheck",
      '"node-version":22',
      '"python-version":"3.11"',
    ])
      expect(text).toContain(needle);
    expect(text).toContain("terraform validate");
  });

  it("deploy.yml builds once and deploys dev → staging → prod behind the protected prod environment", () => {
    const deploy = load("deploy.yml");
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(deploy.concurrency).toMatchObject({ "cancel-in-progress": false });
    expect(deploy.jobs.prod).toMatchObject({ needs: "staging", with: { environment: "prod" } });
    expect(deploy.jobs.staging).toMatchObject({ needs: "dev" });

    const perEnv = load("deploy-environment.yml");
    const apply = perEnv.jobs.apply ?? {};
    expect(apply.environment).toEqual({ name: "${{ inputs.environment }}" });
    expect(apply.concurrency).toMatchObject({ "cancel-in-progress": false });
    const text = JSON.stringify(perEnv);
    for (const needle of [
      "azure/login@",
      "terraform plan",
      "terraform apply tfplan",
      "config-zip",
      "id-token",
    ])
      expect(text).toContain(needle);
    // OIDC only: no client secrets or publish profiles anywhere.
    expect(text).not.toMatch(/client-secret|AZURE_CREDENTIALS|publish-profile/i);
  });
});
