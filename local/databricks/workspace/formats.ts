import { invalid } from "../http.js";

export type ObjectType = "NOTEBOOK" | "FILE" | "DIRECTORY";
export type Language = "PYTHON" | "SQL" | "SCALA" | "R";

/** What an import becomes: its final workspace path, its type, and the bytes stored on disk. */
export interface Imported {
  path: string;
  type: "NOTEBOOK" | "FILE";
  language?: Language;
  content: Buffer;
}

const extensions: Record<Language, string> = { PYTHON: ".py", SQL: ".sql", SCALA: ".scala", R: ".r" };
const headers: [RegExp, Language][] = [
  [/^# Databricks notebook source/, "PYTHON"],
  [/^-- Databricks notebook source/, "SQL"],
  [/^\/\/ Databricks notebook source/, "SCALA"],
];

/**
 * Applies Databricks' import rules: SOURCE makes a notebook at the path as given, AUTO sniffs extension and
 * header and drops the extension of notebooks, RAW makes files. (The Python SDK's upload docstring and the
 * Databricks CLI's test server agree that only AUTO strips the extension.)
 */
export function classifyImport(
  path: string,
  content: Buffer,
  format: string,
  language: Language | undefined,
): Imported {
  switch (format) {
    case "RAW":
      return { path, type: "FILE", content };
    case "SOURCE": {
      const lang = language ?? languageOf(path);
      if (lang === undefined)
        throw invalid("The language must be specified when importing in SOURCE format.");
      return { path, type: "NOTEBOOK", language: lang, content };
    }
    case "JUPYTER":
      return {
        path: path.replace(/\.ipynb$/i, ""),
        type: "NOTEBOOK",
        language: "PYTHON",
        content: fromJupyter(content),
      };
    case "AUTO":
      return auto(path, content);
    default:
      throw invalid(`Unsupported import format: ${format}`);
  }
}

function auto(path: string, content: Buffer): Imported {
  if (/\.ipynb$/i.test(path)) return classifyImport(path, content, "JUPYTER", undefined);
  const head = content.subarray(0, 64).toString("utf8");
  const byHeader = headers.find(([re]) => re.test(head))?.[1];
  const lang = languageOf(path);
  const notebookLang = lang === "R" && head.startsWith("# Databricks notebook source") ? "R" : byHeader;
  if (notebookLang !== undefined && lang !== undefined) {
    return { path: dropExtension(path, lang), type: "NOTEBOOK", language: lang, content };
  }
  return { path, type: "FILE", content };
}

export function languageOf(path: string): Language | undefined {
  const lower = path.toLowerCase();
  return (Object.keys(extensions) as Language[]).find((l) => lower.endsWith(extensions[l]));
}

function dropExtension(path: string, language: Language): string {
  const ext = extensions[language];
  return path.toLowerCase().endsWith(ext) ? path.slice(0, -ext.length) : path;
}

/** Jupyter → Databricks source format: code cells separated by COMMAND markers, markdown as MAGIC %md. */
function fromJupyter(content: Buffer): Buffer {
  let nb: { cells?: { cell_type?: string; source?: string | string[] }[] };
  try {
    nb = JSON.parse(content.toString("utf8")) as typeof nb;
  } catch {
    throw invalid("The content is not a valid Jupyter notebook.");
  }
  const cells = (nb.cells ?? []).map((cell) => {
    const src = Array.isArray(cell.source) ? cell.source.join("") : (cell.source ?? "");
    if (cell.cell_type === "code") return src;
    return ["# MAGIC %md", ...src.split("\n").map((l) => `# MAGIC ${l}`)].join("\n");
  });
  return Buffer.from(`# Databricks notebook source\n${cells.join("\n\n# COMMAND ----------\n\n")}\n`);
}

/** Databricks source format → a minimal nbformat 4 notebook (one code cell per COMMAND). */
export function toJupyter(source: Buffer): Buffer {
  const text = source.toString("utf8").replace(/^# Databricks notebook source\n?/, "");
  const cells = text.split(/\n# COMMAND ----------\n/).map((cell) => ({
    cell_type: "code",
    execution_count: null,
    metadata: {},
    outputs: [],
    source: cell.trim(),
  }));
  return Buffer.from(JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
}
