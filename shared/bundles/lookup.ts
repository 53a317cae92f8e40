import { isMap, str, type DValue } from "./dyn.js";

/**
 * `lookup` variables: a workspace object named in the config, replaced by its id
 * (bundle/config/variable/lookup.go). Resolving needs the API, so the pure engine takes the answers
 * as input (`ValidateInput.lookup`) and reports the ones it still needs (`pendingLookups`);
 * lookup-driver.ts runs the two passes around the API calls.
 */
export const LOOKUP_KINDS = [
  "alert",
  "cluster_policy",
  "cluster",
  "dashboard",
  "instance_pool",
  "job",
  "metastore",
  "notification_destination",
  "pipeline",
  "query",
  "service_principal",
  "warehouse",
] as const;
export type LookupKind = (typeof LOOKUP_KINDS)[number];

export interface LookupRequest {
  readonly kind: LookupKind;
  readonly name: string;
}

/** The object's id, or why it could not be found (the API's or the resolver's message). */
export type LookupResult = { readonly id: string } | { readonly error: string };

/** Answers known so far; undefined means "not asked yet". */
export type LookupFn = (req: LookupRequest) => LookupResult | undefined;

/** How the CLI names a lookup in messages (`cluster-policy: default`). */
export const describeLookup = (req: LookupRequest): string => `${req.kind.replace(/_/g, "-")}: ${req.name}`;

export const lookupKey = (req: LookupRequest): string => `${req.kind}\u0000${req.name}`;

/** The one lookup a `lookup:` block names, or the CLI's error when it names none or several. */
export function parseLookup(block: DValue): LookupRequest | { error: string } {
  const found: LookupRequest[] = [];
  if (isMap(block)) {
    for (const kind of LOOKUP_KINDS) {
      const name = str(block.entries.get(kind));
      if (name !== undefined && name !== "") found.push({ kind, name });
    }
  }
  if (found.length === 0) return { error: "no valid lookup fields provided" };
  if (found.length > 1) return { error: "exactly one lookup field must be provided" };
  return found[0] as LookupRequest;
}
