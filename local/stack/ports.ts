import { createServer } from "node:net";

/**
 * The stack's fixed loopback ports (docs/adr/0014-local-stack-launcher.md). Azurite keeps its own defaults
 * so `UseDevelopmentStorage=true` and Storage Explorer find it; the rest sit next to the Functions host's
 * 7071, leaving 7074-7075 for the GitHub stand-in and the Event Grid emulator (issues #6, #7).
 */
export const defaultPorts = {
  host: 7071,
  mlflow: 7072,
  databricks: 7073,
  github: 7074,
  eventgrid: 7075,
  blob: 10000,
  queue: 10001,
  table: 10002,
} as const;

export type PortName = keyof typeof defaultPorts;
export type StackPorts = Record<PortName, number>;

export const portNames = Object.keys(defaultPorts) as PortName[];

/** Parses repeated `--port name=number` overrides on top of the defaults. */
export function parsePortOverrides(specs: readonly string[]): StackPorts {
  const ports: StackPorts = { ...defaultPorts };
  for (const spec of specs) {
    const match = /^([a-z]+)=(\d{1,5})$/.exec(spec);
    const name = match?.[1] as PortName | undefined;
    const port = Number(match?.[2]);
    if (!name || !portNames.includes(name) || port < 1 || port > 65535) {
      throw new Error(
        `Invalid --port "${spec}": expected <name>=<1-65535> with name one of ${portNames.join(", ")}`,
      );
    }
    ports[name] = port;
  }
  const seen = new Map<number, PortName>();
  for (const name of portNames) {
    const other = seen.get(ports[name]);
    if (other) throw new Error(`Ports ${other} and ${name} are both ${ports[name]}; give each its own port`);
    seen.set(ports[name], name);
  }
  return ports;
}

/** Resolves when 127.0.0.1:port can be bound (and releases it at once), rejects with the bind error. */
function probe(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve()));
  });
}

/**
 * Checks every port before anything starts, so a taken port costs nothing to discover and names the flag
 * that moves it; a component racing for the same port later still fails with its log (see supervise.ts).
 */
export async function assertPortsFree(ports: StackPorts): Promise<void> {
  const problems: string[] = [];
  for (const name of portNames) {
    try {
      await probe(ports[name]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const why = code === "EADDRINUSE" ? "is already in use" : `cannot be bound (${code})`;
      problems.push(
        `port ${ports[name]} (${name}) on 127.0.0.1 ${why}: stop what holds it (a stack already running?) ` +
          `or start with --port ${name}=<other>`,
      );
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
