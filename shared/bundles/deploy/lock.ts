import { BundleDeployError } from "./errors.js";
import type { RemoteFs } from "./remote.js";

/** deploy.lock as the CLI writes it (libs/locker): Go field names, RFC 3339 time. */
export interface LockState {
  readonly ID: string;
  readonly AcquisitionTime: string;
  readonly IsForced: boolean;
  readonly User: string;
}

export interface LockRequest {
  readonly path: string;
  readonly id: string;
  readonly user: string;
  readonly now: Date;
  /** `--force-lock`: take the lock even when someone holds it (never done automatically, ADR 0016). */
  readonly force?: boolean;
}

function parseLock(text: string): LockState | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockState>;
    return typeof v.ID === "string"
      ? {
          ID: v.ID,
          AcquisitionTime: String(v.AcquisitionTime ?? ""),
          IsForced: v.IsForced === true,
          User: String(v.User ?? ""),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

const heldBy = (held: LockState | undefined): string =>
  held === undefined
    ? "deploy lock is held by an unreadable lock file"
    : `deploy lock acquired by ${held.User} at ${held.AcquisitionTime}`;

const lockError = (detail: string): BundleDeployError =>
  new BundleDeployError(
    "LOCK_HELD",
    `Failed to acquire deployment lock: ${detail}. Use --force-lock to override`,
  );

/**
 * Takes the lock like the CLI: refuse when a lock file exists (unless forced), write it with
 * overwrite=false so two writers cannot both succeed, read it back and check it is ours.
 */
export async function acquireLock(fs: RemoteFs, req: LockRequest): Promise<LockState> {
  const mine: LockState = {
    ID: req.id,
    AcquisitionTime: req.now.toISOString(),
    IsForced: req.force === true,
    User: req.user,
  };
  if (req.force !== true) {
    const existing = await fs.readText(req.path);
    if (existing !== undefined && parseLock(existing)?.ID !== req.id)
      throw lockError(heldBy(parseLock(existing)));
  }
  try {
    await fs.write(req.path, JSON.stringify(mine), req.force === true);
  } catch (err) {
    const held = await fs.readText(req.path).catch(() => undefined);
    if (held !== undefined && parseLock(held)?.ID !== req.id) throw lockError(heldBy(parseLock(held)));
    // Our own lock from an earlier attempt of the same (retried) step: already acquired.
    if (held === undefined) throw err;
  }
  const back = parseLock((await fs.readText(req.path)) ?? "");
  if (back?.ID !== req.id) throw lockError(heldBy(back));
  return mine;
}

/** Releases our lock; a lock someone else forced in the meantime is left alone. */
export async function releaseLock(
  fs: RemoteFs,
  path: string,
  id: string,
): Promise<"released" | "absent" | "not-ours"> {
  const text = await fs.readText(path);
  if (text === undefined) return "absent";
  if (parseLock(text)?.ID !== id) return "not-ours";
  await fs.delete(path, false);
  return "released";
}
