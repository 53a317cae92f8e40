import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMlflowRoutes } from "../../../local/databricks/mlflow/index.js";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import { defaultVenvDir, findMlflowExecutable } from "../../../local/mlflow/venv.js";
import { createDatabricksClient, type DatabricksClient, patAuth } from "../../../shared/databricks/index.js";

export const pat = "dapi-mlflow-integration-test";

/** Why the MLflow suites skip, or undefined when the venv has MLflow. Printed so a skip is never silent. */
export function mlflowMissing(): string | undefined {
  if (findMlflowExecutable()) return undefined;
  const reason = `MLflow is not installed in ${defaultVenvDir()} (run \`node local/setup/venv.mjs\`)`;
  console.warn(`SKIPPING MLflow integration tests: ${reason}`);
  return reason;
}

export interface MlflowStack {
  mlflow: MlflowServer;
  /** The loopback server that mounts only the MLflow routes, with a PAT check like the emulator's. */
  url: string;
  client: DatabricksClient;
  stop(): Promise<void>;
}

/** Real MLflow server + a tiny workspace front with createMlflowRoutes + our client pointed at it. */
export async function startMlflowStack(): Promise<MlflowStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "mlflow-it-"));
  let mlflow: MlflowServer | undefined;
  let front: Server | undefined;
  try {
    mlflow = await startMlflow({ dataDir });
    front = await listen(createMlflowRoutes({ mlflowUrl: mlflow.url }));
    const address = front.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const client = createDatabricksClient({
      host: url,
      auth: patAuth(pat),
      rateLimit: false,
      timeoutMs: 30_000,
    });
    const [m, f] = [mlflow, front];
    return { mlflow: m, url, client, stop: () => stopAll(m, f, dataDir) };
  } catch (err) {
    await stopAll(mlflow, front, dataDir);
    throw err;
  }
}

async function stopAll(
  mlflow: MlflowServer | undefined,
  front: Server | undefined,
  dataDir: string,
): Promise<void> {
  try {
    if (front) {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      front.closeAllConnections();
      await closed;
    }
  } finally {
    await mlflow?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Route = ReturnType<typeof createMlflowRoutes>[number];

function listen(routes: Route[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.headers.authorization !== `Bearer ${pat}`) {
          res.writeHead(401, { "content-type": "application/json" });
          res.end(JSON.stringify({ error_code: "UNAUTHENTICATED", message: "Invalid access token." }));
          return;
        }
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        for (const route of routes) if (await route(req, res, url, Buffer.concat(chunks))) return;
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for ${url.pathname}` }),
        );
      })();
    });
  });
  server.keepAliveTimeout = 1_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
