import { randomBytes } from "node:crypto";

/** What the GitHub stand-in remembers: enough for the product's reporting and for tests to assert on. */
export interface StandInState {
  readonly tokens: Map<string, { installationId: number; expiresAt: string }>;
  readonly checkRuns: Map<number, Record<string, unknown>>;
  /** Every annotation each check run received, in order (GitHub appends them across updates). */
  readonly checkRunAnnotations: Map<number, Record<string, unknown>[]>;
  readonly deployments: Map<number, Record<string, unknown>>;
  readonly deploymentStatuses: Map<number, Record<string, unknown>[]>;
  readonly commitStatuses: Record<string, unknown>[];
  readonly commitComments: Record<string, unknown>[];
  nextId: number;
}

export function createStandInState(): StandInState {
  return {
    tokens: new Map(),
    checkRuns: new Map(),
    checkRunAnnotations: new Map(),
    deployments: new Map(),
    deploymentStatuses: new Map(),
    commitStatuses: [],
    commitComments: [],
    nextId: 1,
  };
}

/** An installation token shaped like GitHub's (`ghs_` and 36 characters), valid for an hour. */
export function issueToken(
  state: StandInState,
  installationId: number,
  now: Date,
): { token: string; expires_at: string } {
  const token = `ghs_${randomBytes(27).toString("base64url").slice(0, 36)}`;
  const expiresAt = new Date(now.getTime() + 3_600_000).toISOString();
  state.tokens.set(token, { installationId, expiresAt });
  return { token, expires_at: expiresAt };
}

/** Whether an `Authorization` header carries a live installation token. */
export function isAuthorized(state: StandInState, header: string | undefined, now: Date): boolean {
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "")?.[1];
  const known = token === undefined ? undefined : state.tokens.get(token);
  return known !== undefined && Date.parse(known.expiresAt) > now.getTime();
}
