// What the stack's venv installs (issue #3, item 3; docs/adr/0005-mlflow-and-venv.md): the pinned stack
// requirements plus the example bundles' own dependencies, read from bundles/*/pyproject.toml, in one pip
// call so the resolver has to satisfy both. The files are hashed, so a dependency added to a bundle
// refreshes the venv. Plain Node with no dependencies: ensure.mjs runs before node_modules exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const stackRequirements = "local/setup/requirements-stack.txt";

/**
 * `[project].dependencies` and the `test` extra of `[project.optional-dependencies]` in a pyproject.toml.
 * A small reader for these two string arrays only (comments, multi-line arrays, `pkg[extra]` brackets
 * inside strings); it throws rather than guess when the file says something else.
 */
export function bundleDependencies(text, file = "pyproject.toml") {
  return [
    ...stringArray(text, "project", "dependencies", file),
    ...stringArray(text, "project.optional-dependencies", "test", file),
  ];
}

function stringArray(text, table, key, file) {
  const lines = text.split(/\r?\n/);
  let current = "";
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[([^\[\]]+)\]\s*(#.*)?$/.exec(lines[i]);
    if (header) {
      current = header[1].trim();
      continue;
    }
    const assign = new RegExp(`^\\s*${key.replace(/[-.]/g, "\\$&")}\\s*=\\s*(.*)$`).exec(lines[i]);
    if (current !== table || !assign) continue;
    return readArray([assign[1], ...lines.slice(i + 1)].join("\n"), `${file}: ${table}.${key}`);
  }
  return [];
}

function readArray(text, where) {
  if (text[0] !== "[") throw new Error(`${where} is not an array of strings`);
  const items = [];
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === "]") return items;
    if (c === "#") i = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
    else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end === -1) throw new Error(`${where} has an unterminated string`);
      items.push(text.slice(i + 1, end));
      i = end;
    } else if (!/[\s,]/.test(c)) throw new Error(`${where} is not an array of plain strings`);
  }
  throw new Error(`${where} has no closing ]`);
}

/**
 * The files that decide the venv's contents (repo-relative, hashed by venv.mjs) and the arguments after
 * `pip install`: `-r requirements-stack.txt` and every bundle dependency, each named once.
 */
export function stackPlan(root) {
  const bundlesDir = join(root, "bundles");
  const pyprojects = existsSync(bundlesDir)
    ? readdirSync(bundlesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(bundlesDir, d.name, "pyproject.toml")))
        .map((d) => `bundles/${d.name}/pyproject.toml`)
        .sort()
    : [];
  const dependencies = [
    ...new Set(pyprojects.flatMap((f) => bundleDependencies(readFileSync(join(root, f), "utf8"), f))),
  ];
  return { files: [stackRequirements, ...pyprojects], pipArgs: ["-r", stackRequirements, ...dependencies] };
}
