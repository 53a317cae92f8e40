/**
 * Azurite's single development account. The key is the public, documented well-known key every Azurite
 * install accepts (it grants nothing outside the emulator); the connection string names explicit endpoints
 * because the stack may move Azurite off its default ports (`--port blob=...`).
 */
export const azuriteAccount = "devstoreaccount1";
export const azuriteAccountKey =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteEndpoints {
  blob: string;
  queue: string;
  table: string;
}

export function azuriteEndpoints(ports: { blob: number; queue: number; table: number }): AzuriteEndpoints {
  const at = (port: number): string => `http://127.0.0.1:${port}/${azuriteAccount}`;
  return { blob: at(ports.blob), queue: at(ports.queue), table: at(ports.table) };
}

export function azuriteConnectionString(endpoints: AzuriteEndpoints): string {
  return [
    "DefaultEndpointsProtocol=http",
    `AccountName=${azuriteAccount}`,
    `AccountKey=${azuriteAccountKey}`,
    `BlobEndpoint=${endpoints.blob}`,
    `QueueEndpoint=${endpoints.queue}`,
    `TableEndpoint=${endpoints.table}`,
  ].join(";");
}

/**
 * Azurite's command line: loopback only, state on disk under `location`, no telemetry, no access log.
 * `--skipApiVersionCheck` because storage SDKs newer than Azurite send API versions it would otherwise
 * reject with 400 InvalidHeaderValue (issue #5).
 */
export function azuriteArgs(
  location: string,
  ports: { blob: number; queue: number; table: number },
): string[] {
  const args = ["--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent"];
  for (const service of ["blob", "queue", "table"] as const) {
    args.push(`--${service}Host`, "127.0.0.1", `--${service}Port`, String(ports[service]));
  }
  return args;
}
