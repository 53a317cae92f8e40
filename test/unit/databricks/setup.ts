import { patAuth } from "../../../shared/databricks/auth.js";
import { createDatabricksClient, type DatabricksClientOptions } from "../../../shared/databricks/client.js";
import { FakeFetch, ManualClock, RecordingLogger, type Reply } from "./fakes.js";

export const host = "https://adb-1234567890123456.7.azuredatabricks.net";
export const pat = "dapi0123456789abcdef0123456789abcdef";

/** A client on fakes: scripted fetch, manual clock, recording logger, no rate limit unless asked. */
export function setup(script: Reply[] = [], overrides: Partial<DatabricksClientOptions> = {}) {
  const fake = new FakeFetch(script);
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const client = createDatabricksClient({
    host,
    auth: patAuth(pat),
    fetch: fake.fetch,
    clock,
    logger,
    rateLimit: false,
    retry: { random: () => 0.5 },
    ...overrides,
  });
  return { fake, clock, logger, client, run: <T>(p: Promise<T>) => clock.drive(p) };
}

/** Awaits a promise that must reject and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}
