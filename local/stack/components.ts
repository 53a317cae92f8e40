import { join, resolve } from "node:path";
import { defaultToken } from "../databricks/index.js";
import { githubComponent, stackGithubApp } from "./github-component.js";
import { hostAppSettings } from "./host-settings.js";
import { serverArgs, serverEnv } from "../mlflow/server.js";
import { eventGridLaunch } from "../eventgrid/stack-component.js";
import { findMlflowExecutable } from "../mlflow/venv.js";
import { azuriteArgs, azuriteConnectionString, azuriteEndpoints, azuriteAccount } from "./azurite.js";
import type { StackPorts } from "./ports.js";

export type ComponentName = "azurite" | "mlflow" | "databricks" | "host" | "github" | "eventgrid";

/** What the launcher needs to run, probe and describe one component. */
export interface ComponentSpec {
  name: ComponentName;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Created before the start: state folders the component expects to exist. */
  dirs: string[];
  /** Table rows: what each URL is. */
  endpoints: { label: string; url: string }[];
  /** Resolves true once the component serves requests; never throws. */
  healthy(): Promise<boolean>;
  /** MLflow's first start runs its database migrations, so it gets longer than the rest. */
  startTimeoutMs: number;
  /** Written to stack.json for scripts and tests (with the URL, pid and log path). */
  details: Record<string, string>;
}

export interface StackLayout {
  /** The package root: dist/, node_modules/ and the function app. */
  root: string;
  /** State of every component and the logs (default `<root>/.local`). */
  dataDir: string;
  /** The stack's Python venv (MLflow, databricks-sdk, the bundle's packages). */
  venv: string;
  ports: StackPorts;
}

/** Answers any HTTP status: Azurite has no health route, and an unauthenticated 403 proves it serves. */
async function answers(
  url: string,
  init: RequestInit = {},
  ok = (status: number) => status > 0,
): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return ok(res.status);
  } catch {
    return false;
  }
}

const isOk = (status: number): boolean => status === 200;

/** The components of `npm start`, in table order. */
export function defineComponents(layout: StackLayout): ComponentSpec[] {
  const { root, dataDir, ports } = layout;
  const storage = azuriteEndpoints(ports);
  const connectionString = azuriteConnectionString(storage);
  const mlflowUrl = `http://127.0.0.1:${ports.mlflow}`;
  const databricksUrl = `http://127.0.0.1:${ports.databricks}`;
  const hostUrl = `http://127.0.0.1:${ports.host}`;
  // The repository the GitHub stand-in serves: this one, unless GITHUB_STANDIN_REPO names another clone.
  const github = stackGithubApp(ports.github, resolve(process.env.GITHUB_STANDIN_REPO ?? root), dataDir);
  const python = join(layout.venv, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  const mlflow = findMlflowExecutable(layout.venv);
  if (!mlflow) throw new Error(`MLflow is not installed in ${layout.venv}; run \`npm run setup\` first`);
  return [
    {
      name: "azurite",
      command: process.execPath,
      args: [
        join(root, "node_modules", "azurite", "dist", "src", "azurite.js"),
        ...azuriteArgs(join(dataDir, "azurite"), ports),
      ],
      env: process.env,
      cwd: root,
      dirs: [join(dataDir, "azurite")],
      endpoints: [
        { label: "blob", url: storage.blob },
        { label: "queue", url: storage.queue },
        { label: "table", url: storage.table },
      ],
      healthy: async () =>
        (await Promise.all(Object.values(storage).map((url: string) => answers(`${url}?comp=list`)))).every(
          Boolean,
        ),
      startTimeoutMs: 60_000,
      details: { ...storage, account: azuriteAccount, connectionString },
    },
    {
      name: "mlflow",
      command: mlflow,
      args: serverArgs(join(dataDir, "mlflow"), ports.mlflow),
      env: serverEnv(),
      cwd: join(dataDir, "mlflow"),
      dirs: [join(dataDir, "mlflow", "artifacts")],
      endpoints: [{ label: "tracking + UI", url: mlflowUrl }],
      healthy: () => answers(`${mlflowUrl}/health`, {}, isOk),
      startTimeoutMs: 180_000,
      details: {},
    },
    {
      name: "databricks",
      command: process.execPath,
      args: [
        join(root, "dist", "local", "databricks", "cli.js"),
        ...["--port", String(ports.databricks), "--data", join(dataDir, "databricks")],
        ...["--mlflow-url", mlflowUrl, "--python", python],
      ],
      // Jobs read `abfss://...@devstoreaccount1...` lake paths from Azurite through this (bundles/churn/churn/lake.py).
      env: { ...process.env, AZURE_STORAGE_CONNECTION_STRING: connectionString },
      cwd: root,
      dirs: [],
      endpoints: [{ label: "workspace API", url: databricksUrl }],
      healthy: () =>
        answers(
          `${databricksUrl}/api/2.0/preview/scim/v2/Me`,
          { headers: { authorization: `Bearer ${defaultToken}` } },
          isOk,
        ),
      startTimeoutMs: 60_000,
      details: { token: defaultToken },
    },
    {
      name: "host",
      command: process.execPath,
      args: [
        join(root, "dist", "local", "host", "cli.js"),
        "--app",
        root,
        "--port",
        String(ports.host),
        "--data",
        join(dataDir, "host"),
      ],
      // Variables already set win over local.settings.json, as with func: the host's storage is this Azurite.
      env: { ...process.env, ...hostAppSettings(connectionString, databricksUrl, github) },
      cwd: root,
      dirs: [],
      endpoints: [{ label: "function app", url: hostUrl }],
      healthy: () => answers(`${hostUrl}/api/health`, {}, isOk),
      startTimeoutMs: 60_000,
      details: {},
    },
    githubComponent(layout, github),
    eventGridComponent(layout, connectionString, hostUrl),
  ];
}

/** The Event Grid emulator (issue #7): healthy once it has listed Azurite; delivers to the host. */
function eventGridComponent(layout: StackLayout, connectionString: string, hostUrl: string): ComponentSpec {
  const { root, dataDir, ports } = layout;
  const launch = eventGridLaunch({ root, dataDir, port: ports.eventgrid, hostUrl, connectionString });
  return {
    name: "eventgrid",
    command: process.execPath,
    args: launch.args,
    env: launch.env,
    cwd: root,
    dirs: [launch.stateDir],
    endpoints: [{ label: "Event Grid emulator", url: launch.url }],
    healthy: () => answers(launch.healthUrl, {}, isOk),
    // Healthy only after it has listed Azurite, which may itself take most of its 60 s on a busy machine.
    startTimeoutMs: 90_000,
    details: { health: launch.healthUrl, subscriptions: launch.configFile },
  };
}
