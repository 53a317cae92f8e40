import { bool, id, invalid, str } from "../http.js";
import { type Ctx, type Endpoint, routeTable } from "../router.js";
import type { Route } from "../http.js";
import { classifyImport, type Language, toJupyter } from "./formats.js";
import type { ObjectInfo, WorkspaceStore } from "./store.js";

const base = "/api/2.0/workspace";
const languages = new Set(["PYTHON", "SQL", "SCALA", "R"]);

/** Workspace API 2.0 plus the workspace-files import the Databricks CLI uses for bundle sync. */
export function workspaceRoutes(ws: WorkspaceStore): Route {
  const endpoints: Endpoint[] = [
    { method: "GET", path: `${base}/get-status`, handler: (c) => wire(ws.status(query(c, "path"))) },
    { method: "POST", path: `${base}/mkdirs`, handler: (c) => ws.mkdirs(str(c.json(), "path")) },
    { method: "POST", path: `${base}/import`, handler: (c) => importObject(ws, c) },
    { method: "GET", path: `${base}/export`, handler: (c) => exportObject(ws, c) },
    {
      method: "GET",
      path: `${base}/list`,
      handler: (c) => ({ objects: ws.list(query(c, "path")).map(wire) }),
    },
    {
      method: "POST",
      path: `${base}/delete`,
      handler: (c) => ws.delete(str(c.json(), "path"), bool(c.json().recursive)),
    },
    {
      method: "POST",
      path: /^\/api\/2\.0\/workspace-files\/import-file\/(.+)$/,
      handler: (c) => {
        const path = `/${(c.params[0] ?? "").replace(/^\/+/, "")}`;
        // A .py with the notebook header becomes a notebook here too (bundle sync of notebooks).
        ws.write(classifyImport(path, c.body, "AUTO", undefined), bool(c.url.searchParams.get("overwrite")));
      },
    },
  ];
  return routeTable(endpoints);
}

function query(c: Ctx, key: string): string {
  const value = c.url.searchParams.get(key);
  if (!value) throw invalid(`Missing required field: ${key}`);
  return value;
}

function wire(info: ObjectInfo): Record<string, unknown> {
  return { ...info, object_id: id(info.object_id) };
}

/** JSON bodies carry base64 `content`; the Python SDK's upload sends multipart/form-data instead. */
async function importObject(ws: WorkspaceStore, c: Ctx): Promise<void> {
  const fields = await importFields(c);
  const format = (fields.format ?? "SOURCE").toUpperCase();
  const language = fields.language?.toUpperCase();
  if (language !== undefined && !languages.has(language)) throw invalid(`Invalid language: ${language}`);
  if (format === "DBC" || format === "HTML" || format === "R_MARKDOWN")
    throw invalid(`The ${format} format is not supported by the emulator.`);
  const item = classifyImport(
    str(fields, "path"),
    fields.content ?? Buffer.alloc(0),
    format,
    language as Language | undefined,
  );
  ws.write(item, bool(fields.overwrite));
}

interface ImportFields {
  path?: string;
  format?: string;
  language?: string;
  overwrite?: string | boolean;
  content?: Buffer;
  [key: string]: unknown;
}

async function importFields(c: Ctx): Promise<ImportFields> {
  const type = c.req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) {
    const { content, ...rest } = c.json() as ImportFields & { content?: unknown };
    return typeof content === "string" ? { ...rest, content: Buffer.from(content, "base64") } : rest;
  }
  const form = await new Response(c.body, { headers: { "content-type": type } }).formData();
  const out: ImportFields = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") out[key] = value;
    else out[key] = Buffer.from(await value.arrayBuffer());
  }
  if (typeof out.content === "string") out.content = Buffer.from(out.content);
  return out;
}

function exportObject(ws: WorkspaceStore, c: Ctx): unknown {
  const { info, content } = ws.read(query(c, "path"));
  const format = (c.url.searchParams.get("format") ?? "SOURCE").toUpperCase();
  if (!["SOURCE", "AUTO", "RAW", "JUPYTER"].includes(format))
    throw invalid(`Unsupported export format: ${format}`);
  if (format === "JUPYTER" && info.object_type !== "NOTEBOOK")
    throw invalid("Only notebooks can be exported as JUPYTER.");
  const bytes = format === "JUPYTER" ? toJupyter(content) : content;
  if (bool(c.url.searchParams.get("direct_download"))) {
    c.res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.length),
    });
    c.res.end(bytes);
    return undefined;
  }
  const fileType =
    format === "JUPYTER" ? "ipynb" : info.object_type === "NOTEBOOK" ? extensionOf(info.language) : undefined;
  return fileType === undefined
    ? { content: bytes.toString("base64") }
    : { content: bytes.toString("base64"), file_type: fileType };
}

function extensionOf(language: Language | undefined): string {
  return { PYTHON: "py", SQL: "sql", SCALA: "scala", R: "r" }[language ?? "PYTHON"];
}
