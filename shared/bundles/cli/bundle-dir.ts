import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ROOT_FILE_NAMES } from "../load.js";

export interface DirInputs {
  /** Where the user ran the command: npm's INIT_CWD, else the process's cwd. */
  readonly userCwd: string;
  readonly bundleDirFlag?: string;
  /** DATABRICKS_BUNDLE_ROOT. */
  readonly bundleRootEnv?: string;
}

/** A path the user typed is relative to where they typed it, not to the package folder npm runs in. */
export const fromUser = (userCwd: string, path: string): string =>
  isAbsolute(path) ? path : resolve(userCwd, path);

const hasRootFile = (dir: string): boolean => ROOT_FILE_NAMES.some((f) => existsSync(join(dir, f)));

/**
 * The bundle root as the CLI finds it (bundle/root.go): `--bundle-dir`, else DATABRICKS_BUNDLE_ROOT,
 * else the first folder upwards from the user's cwd that holds a databricks.yml.
 */
export function findBundleDir(inputs: DirInputs): { dir: string } | { error: string } {
  const explicit = inputs.bundleDirFlag ?? (inputs.bundleRootEnv === "" ? undefined : inputs.bundleRootEnv);
  if (explicit !== undefined) {
    const dir = fromUser(inputs.userCwd, explicit);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      return { error: `invalid bundle root ${explicit}: not a directory` };
    return { dir };
  }
  for (let dir = resolve(inputs.userCwd); ; dir = dirname(dir)) {
    if (hasRootFile(dir)) return { dir };
    if (dirname(dir) === dir)
      return { error: `unable to locate bundle root: ${ROOT_FILE_NAMES[0]} not found` };
  }
}
