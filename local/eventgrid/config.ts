import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The local stack's Event Grid subscriptions: a small subset of the ARM `eventSubscriptions` resource
 * (destination, eventDeliverySchema, filter, retryPolicy, deadLetterDestination), named as there so a
 * reader can map it onto infra/eventgrid.tf. JSON or YAML.
 */

const advancedFilter = z.strictObject({
  // Advanced filters compare strings case-insensitively (Event Grid "Advanced filtering").
  operatorType: z.enum(["StringIn", "StringNotIn", "StringBeginsWith", "StringEndsWith", "StringContains"]),
  key: z.string().min(1),
  values: z.array(z.string()).min(1).max(25),
});

const endpoint = z.union([
  /** A function of the local host, reached as the real extension URL is: system key, `functionName`. */
  z.strictObject({ function: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/) }),
  /** A plain webhook; validated with the handshake of its schema before the first delivery. */
  z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
]);

const subscription = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, { error: "must be 3-64 letters, digits or hyphens" }),
  endpoint,
  eventDeliverySchema: z.enum(["EventGridSchema", "CloudEventSchemaV1_0"]).default("EventGridSchema"),
  filter: z
    .strictObject({
      includedEventTypes: z.array(z.string()).default(["Microsoft.Storage.BlobCreated"]),
      subjectBeginsWith: z.string().default(""),
      subjectEndsWith: z.string().default(""),
      isSubjectCaseSensitive: z.boolean().default(false),
      advancedFilters: z.array(advancedFilter).max(25).default([]),
    })
    .prefault({}),
  retryPolicy: z
    .strictObject({
      maxDeliveryAttempts: z.number().int().min(1).max(30).default(30),
      eventTimeToLiveInMinutes: z.number().int().min(1).max(1440).default(1440),
    })
    .prefault({}),
  deadLetterDestination: z.strictObject({ blobContainerName: z.string().min(3).max(63) }).optional(),
});

export const emulatorConfigSchema = z.strictObject({
  /** Containers (filesystems) of the lake account to watch; missing ones count as empty. */
  containers: z.array(z.string().min(3).max(63)).min(1),
  pollIntervalMs: z.number().int().min(50).default(1_000),
  subscriptions: z.array(subscription),
  /** For `npm start`, where no flags reach the emulator: the same switches as --duplicate/--reorder/--seed. */
  faults: z
    .strictObject({
      duplicate: z.number().min(0).max(1).default(0),
      reorder: z.boolean().default(false),
      seed: z.number().int().optional(),
    })
    .optional(),
  /** As --time-scale: compresses Event Grid's retry, TTL and dead-letter delays. */
  timeScale: z.number().positive().max(1).optional(),
});

export type EmulatorConfig = z.output<typeof emulatorConfigSchema>;
export type Subscription = EmulatorConfig["subscriptions"][number];
export type AdvancedFilter = z.output<typeof advancedFilter>;
export type DeliverySchema = Subscription["eventDeliverySchema"];

/** Validates a parsed config, listing every problem in one error. */
export function parseEmulatorConfig(value: unknown, source = "config"): EmulatorConfig {
  const result = emulatorConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} is invalid: ${problems.join("; ")}`);
  }
  const names = result.data.subscriptions.map((s) => s.name.toLowerCase());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`${source} is invalid: subscription ${twice} is declared twice`);
  return result.data;
}

export function loadEmulatorConfig(file: string): EmulatorConfig {
  return parseEmulatorConfig(parse(readFileSync(file, "utf8")) as unknown, file);
}
