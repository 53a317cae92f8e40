import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The stack's venv (local/setup/venv.mjs creates it), relative to the working directory of `npm` scripts. */
export function defaultVenvDir(): string {
  return resolve(".local", "venv");
}

/** The `mlflow` executable inside `venv`, or undefined when the venv or MLflow is not installed. */
export function findMlflowExecutable(venv: string = defaultVenvDir()): string | undefined {
  const bin =
    process.platform === "win32" ? join(venv, "Scripts", "mlflow.exe") : join(venv, "bin", "mlflow");
  return existsSync(bin) ? bin : undefined;
}
