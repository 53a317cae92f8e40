/** One page: its items and the token for the next page (absent or empty on the last page). */
export interface Page<T> {
  items: readonly T[];
  nextPageToken?: string | undefined;
}

/**
 * Iterates every item across `page_token`/`next_page_token` pages, fetching lazily.
 * Stops on an empty or repeated token, so a server bug cannot loop forever.
 */
export async function* paginate<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let token: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(token);
    yield* page.items;
    const next = page.nextPageToken;
    if (next === undefined || next === "" || seen.has(next)) return;
    seen.add(next);
    token = next;
  }
}

/** Collects an async iterable into an array (for callers that want everything at once). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
