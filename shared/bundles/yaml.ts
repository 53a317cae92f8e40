import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { error, type Diagnostic } from "./diagnostics.js";
import { map, scalar, seq, type DMap, type DValue, type Location } from "./dyn.js";

/** Alias expansion cap: a "billion laughs" document stops here instead of exhausting memory. */
export const MAX_EXPANDED_NODES = 100_000;

export interface ParsedYaml {
  readonly value: DValue | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses one YAML file into located values; `file` is the path shown in diagnostics. */
export function parseYaml(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: false, uniqueKeys: false, intAsBigInt: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lines.linePos(first.pos[0]);
    const msg = first.message.split("\n")[0] ?? first.message;
    return { value: undefined, diagnostics: [error(`yaml: ${msg}`, { file, line: pos.line, column: pos.col })] };
  }
  const ctx: Ctx = { file, lines, doc, budget: MAX_EXPANDED_NODES, diagnostics: [] };
  try {
    const value = doc.contents === null ? undefined : convert(doc.contents, ctx);
    return { value, diagnostics: ctx.diagnostics };
  } catch (e) {
    if (e instanceof AliasBomb) {
      return { value: undefined, diagnostics: [error(`yaml: document expands to more than ${MAX_EXPANDED_NODES} nodes (alias expansion limit)`, e.loc)] };
    }
    throw e;
  }
}

interface Ctx {
  readonly file: string;
  readonly lines: LineCounter;
  readonly doc: Document;
  budget: number;
  readonly diagnostics: Diagnostic[];
}

class AliasBomb extends Error {
  constructor(readonly loc: Location) {
    super("alias bomb");
  }
}

function locOf(node: Node, ctx: Ctx): Location {
  const pos = ctx.lines.linePos(node.range?.[0] ?? 0);
  return { file: ctx.file, line: pos.line, column: pos.col };
}

function convert(node: Node, ctx: Ctx): DValue {
  const loc = locOf(node, ctx);
  if (--ctx.budget < 0) throw new AliasBomb(loc);
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (target === undefined) return scalar(null, loc);
    // An alias keeps its own location: that is where the user wrote it.
    return relocate(convert(target, ctx), loc);
  }
  if (isScalar(node)) return scalar(scalarValue(node.value), loc);
  if (isSeq(node)) return seq(node.items.map((n) => convert(n as Node, ctx)), loc);
  if (isMap(node)) return convertMap(node.items, loc, ctx);
  return scalar(null, loc);
}

function scalarValue(v: unknown): string | number | boolean | null | bigint {
  if (v === null || v === undefined) return null;
  // Integers arrive as bigint so int64 ids survive; those that fit a double become numbers.
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  // The core schema yields no other scalar types; keep anything exotic visible rather than lose it.
  return JSON.stringify(v) ?? null;
}

function convertMap(items: readonly unknown[], loc: Location, ctx: Ctx): DMap {
  const entries = new Map<string, DValue>();
  const merged: DMap[] = [];
  let sawMerge = false;
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const key = keyNode !== null && isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value === null ? scalar(null, keyNode ? locOf(keyNode, ctx) : loc) : convert(pair.value as Node, ctx);
    if (key === "<<" && keyNode !== null && isScalar(keyNode) && keyNode.type === "PLAIN") {
      if (sawMerge) {
        ctx.diagnostics.push(error("duplicate YAML merge key ('<<') is not allowed; to merge multiple maps, use a sequence: '<<: [*anchor1, *anchor2]'", locOf(keyNode, ctx)));
      }
      sawMerge = true;
      if (value.kind === "map") merged.push(value);
      else if (value.kind === "seq") merged.push(...value.items.filter((i): i is DMap => i.kind === "map"));
      continue;
    }
    if (entries.has(key)) ctx.diagnostics.push(error(`yaml: mapping key "${key}" already defined`, keyNode ? locOf(keyNode, ctx) : loc));
    entries.set(key, value);
  }
  // Merge keys fill only what the mapping does not set itself; earlier sources win (YAML 1.1 spec).
  for (const src of merged) for (const [k, v] of src.entries) if (!entries.has(k)) entries.set(k, v);
  return map(entries, loc);
}

function relocate(v: DValue, loc: Location): DValue {
  if (v.kind === "scalar") return scalar(v.value, loc);
  if (v.kind === "seq") return seq(v.items, loc);
  return map(v.entries, loc);
}
