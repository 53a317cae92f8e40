import { validateBundle, type ValidateInput, type ValidateResult } from "./engine.js";
import { lookupKey, type LookupResult } from "./lookup.js";
import type { LookupApi } from "./lookup-rest.js";

/**
 * `bundle validate` with `lookup` variables: a pure pass finds the lookups the chosen target needs,
 * they are resolved concurrently through the API (as the CLI's errgroup does), and a second pure
 * pass uses the answers. A failed lookup becomes the CLI's "failed to resolve …" error.
 */
export async function validateWithLookups(input: ValidateInput, api: LookupApi): Promise<ValidateResult> {
  const first = validateBundle(input);
  const pending = first.pendingLookups ?? [];
  if (pending.length === 0) return first;
  const answers = new Map<string, LookupResult>();
  await Promise.all(
    pending.map(async (req) => {
      try {
        answers.set(lookupKey(req), { id: await api(req) });
      } catch (e) {
        answers.set(lookupKey(req), { error: e instanceof Error ? e.message : String(e) });
      }
    }),
  );
  return validateBundle({ ...input, lookup: (req) => answers.get(lookupKey(req)) ?? input.lookup?.(req) });
}
