/**
 * Requests as the CLI's test server records them (corpus README, "out.requests.txt"): method, decoded
 * path, query, JSON body or raw body; filtered like databricks/cli `acceptance/bin/print_requests.py`
 * and compared with a recorded dump after the README's placeholders.
 */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly q?: Record<string, string>;
  readonly body?: unknown;
  readonly raw_body?: string;
}

const BIG = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

/** A fetch that records every request it forwards. */
export function recordingFetch(log: Recorded[]): typeof fetch {
  return (url, init) => {
    const u = new URL(typeof url === "string" ? url : url instanceof URL ? url.href : url.url);
    const q = Object.fromEntries(u.searchParams);
    const raw = init?.body;
    const text =
      typeof raw === "string" ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : undefined;
    let body: unknown;
    try {
      // int64 literals beyond 2^53 are kept as their digits (quoted), not rounded by JSON.parse.
      body = text === undefined || text === "" ? undefined : JSON.parse(text.replace(BIG, '$1"$2"'));
    } catch {
      body = undefined;
    }
    log.push({
      method: init?.method ?? "GET",
      path: decodeURIComponent(u.pathname),
      ...(Object.keys(q).length === 0 ? {} : { q }),
      ...(body !== undefined ? { body } : text !== undefined && text !== "" ? { raw_body: text } : {}),
    });
    return fetch(url, init);
  };
}

/** print_requests.py: GETs dropped unless --get; `//x` keeps paths containing `/x`, `^//x` drops them. */
export function filterRequests(
  log: readonly Recorded[],
  filters: readonly string[],
  get: boolean,
): Recorded[] {
  const keep = filters.filter((f) => f.startsWith("/") && !f.startsWith("^")).map((f) => f.slice(1));
  const drop = filters.filter((f) => f.startsWith("^/")).map((f) => f.slice(2));
  return log.filter(
    (r) =>
      (get || r.method !== "GET") &&
      (keep.length === 0 || keep.some((f) => r.path.includes(f))) &&
      !drop.some((f) => r.path.includes(f)),
  );
}

/** Placeholders stand where numbers were: quoted so both sides parse as JSON. */
const quoteBare = (text: string): string =>
  text.replace(/(:\s*|^\s*|\[\s*|,\s*)(\[[A-Z0-9_]+\](?:\[\d+\])?)(?=\s*[,}\]\n])/gm, '$1"$2"');

/** Object keys sorted: bodies are compared as JSON values, whatever order their keys were sent in. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
  );
}

/** The stream of pretty-printed JSON objects a dump holds (print_requests.py output). */
export function parseStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  const src = quoteBare(text);
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" && --depth === 0) out.push(canonical(JSON.parse(src.slice(start, i + 1))));
  }
  return out;
}

/**
 * Our requests as the dump would show them: rendered, placeholders applied (`normalise`), parsed
 * back. `--sort` orders by each object's text; both sides are sorted the same way for the comparison.
 */
export function normalised(
  reqs: readonly Recorded[],
  normalise: (text: string) => string,
  view: (r: Recorded) => unknown = (r) => r,
): unknown[] {
  return parseStream(normalise(reqs.map((r) => JSON.stringify(view(r), null, 2)).join("\n")));
}

export const sortedByText = (items: readonly unknown[]): unknown[] =>
  [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/**
 * The dump printed into output.txt by the n-th print: after its `>>> print_requests.py <args>` line
 * when traced, else the next run of JSON objects after `from`. Returns the objects and where they end.
 */
export function dumpInOutput(
  output: string,
  from: number,
  traced: boolean,
  args: string,
  command = `print_requests.py${args === "" ? "" : ` ${args}`}`,
): { items: unknown[]; end: number } {
  let at = from;
  if (traced) {
    const marker = `>>> ${command}\n`;
    const m = output.indexOf(marker, from);
    if (m < 0) return { items: [], end: from };
    at = m + marker.length;
  } else {
    const m = output.indexOf("\n{\n", from - 1);
    if (m < 0) return { items: [], end: from };
    at = m + 1;
  }
  let end = at;
  for (;;) {
    const next = output.slice(end);
    if (!next.startsWith("{\n")) break;
    const close = next.indexOf("\n}\n");
    if (close < 0) break;
    end += close + 3;
  }
  return { items: parseStream(output.slice(at, end)), end };
}

export function firstMismatch(ours: readonly unknown[], cli: readonly unknown[]): string {
  for (let i = 0; i < Math.max(ours.length, cli.length); i++) {
    const [a, b] = [JSON.stringify(ours[i]), JSON.stringify(cli[i])];
    if (a !== b)
      return `request ${i + 1} of ${cli.length} recorded (${ours.length} sent): sent ${a ?? "nothing"}, recorded ${b ?? "nothing"}`;
  }
  return "key order differs";
}

export function firstLine(ours: string, expected: string): string {
  const a = ours.split("\n");
  const b = expected.split("\n");
  const i = a.findIndex((l, k) => l !== b[k]);
  return i < 0
    ? "trailing lines"
    : `line ${i + 1}: ${JSON.stringify(a[i])} vs recorded ${JSON.stringify(b[i])}`;
}

/** The JSON strings printed one a line after `>>> <command>` (a dump of request names). */
export function namesInOutput(
  output: string,
  from: number,
  command: string,
): { items: unknown[]; end: number } {
  const marker = `>>> ${command}\n`;
  const m = output.indexOf(marker, from);
  if (m < 0) return { items: [], end: from };
  const lines = output.slice(m + marker.length).split("\n");
  const items = lines
    .slice(
      0,
      lines.findIndex((l) => !l.startsWith('"')),
    )
    .map((l) => JSON.parse(l) as unknown);
  return {
    items,
    end: m + marker.length + items.reduce((n: number, x) => n + JSON.stringify(x).length + 1, 0),
  };
}

/** What `(.body.name // .body.new_settings.name // empty)` prints for each request. */
export const requestNames = (reqs: readonly Recorded[]): unknown[] =>
  reqs.flatMap((r) => {
    const b = (r.body ?? {}) as { name?: unknown; new_settings?: { name?: unknown } };
    const name = b.name ?? b.new_settings?.name;
    return name === undefined || name === null ? [] : [name];
  });
