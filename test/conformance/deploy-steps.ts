import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { CaseMeta } from "./corpus.js";
import { join } from "node:path";
import type { Step } from "./deploy-script.js";
import { envsubst } from "./envsubst.js";

/** Carries out a script step that only changes files in the case's directory; false for any other step. */
export function applyFileStep(dir: string, step: Step, shell: ReadonlyMap<string, string>): boolean {
  const file = (p: string): string => join(dir, p);
  const rewrite = (p: string, f: (text: string) => string): void =>
    writeFileSync(file(p), f(readFileSync(file(p), "utf8")));
  switch (step.kind) {
    case "write":
      writeFileSync(file(step.file), step.text);
      return true;
    case "copy":
      cpSync(file(step.from), file(step.to));
      return true;
    case "edit":
      rewrite(step.file, (t) => t.split(step.old).join(step.new));
      return true;
    case "render":
      writeFileSync(
        file(step.to),
        envsubst(readFileSync(file(step.template), "utf8"), new Map([...step.env, ...shell])),
      );
      return true;
    case "drop-lines":
      rewrite(step.file, (t) =>
        t
          .split("\n")
          .filter((l) => !l.includes(step.marker))
          .join("\n"),
      );
      return true;
    case "mkdir":
      mkdirSync(file(step.dir), { recursive: true });
      return true;
    default:
      return false;
  }
}

export function readExpected(c: CaseMeta, file: string): string | undefined {
  const p = join(c.dir, "expected", file);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** Experiments and workspace models are served by the emulator through a real MLflow server. */
export function needsMlflow(dir: string): boolean {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).some(
    (e) =>
      e.isFile() &&
      /\.ya?ml$/.test(e.name) &&
      /^\s+(experiments|models|registered_models):\s*$/m.test(
        readFileSync(join(e.parentPath, e.name), "utf8"),
      ),
  );
}
