import type { Plain } from "../dyn.js";
import type { PreparedSchema } from "../schema.js";

/** The CLI's action names (bundle/deployplan/action.go), limited to what the direct engine plans for our types. */
export type ActionType = "create" | "update" | "recreate" | "delete" | "skip";

export interface DependsOn {
  readonly node: string;
  readonly label: string;
}

/** One field's change, as in `plan -o json` `changes` (keys are field paths like `trigger.periodic.unit`). */
export interface ChangeDesc {
  readonly action: ActionType;
  readonly reason?: string;
  readonly old?: Plain;
  readonly new?: Plain;
  /** What the remote object holds at this path (only when it was read). */
  readonly remote?: Plain;
}

export interface NewState {
  readonly value: Plain;
  /** Fields still holding `${resources...}`: unknown until the referenced resource is deployed. */
  readonly vars?: Record<string, string>;
}

export interface PlanEntry {
  readonly depends_on?: DependsOn[];
  readonly action: ActionType;
  readonly new_state?: NewState;
  /** The object as the workspace returned it (only when it was read and exists). */
  readonly remote_state?: Plain;
  readonly changes?: Record<string, ChangeDesc>;
}

/** `plan -o json` (plan_version 2). lineage/serial only when a state exists, as the CLI writes them. */
export interface Plan {
  readonly plan_version: 2;
  readonly cli_version: string;
  readonly lineage?: string;
  readonly serial?: number;
  readonly plan: Record<string, PlanEntry>;
}

/** One entry of the direct engine's resources.json. */
export interface StateEntry {
  readonly __id__: string;
  readonly state: Plain;
  readonly depends_on?: DependsOn[];
}

/** `.databricks/bundle/<target>/resources.json` as the CLI writes it (state_version 1 or 2). */
export interface DeployedState {
  readonly state_version: number;
  readonly cli_version: string;
  readonly lineage: string;
  readonly serial: number;
  readonly state: Record<string, StateEntry>;
}

export interface PlanInput {
  /** The resolved configuration (`validateBundle(...).config`). */
  readonly desired: Plain;
  /** The state of the last deploy; undefined when the target was never deployed. */
  readonly deployed?: DeployedState;
  /** Written into the plan like the CLI writes its own version. */
  readonly cliVersion?: string;
  /** The bundle schema: resolved references are checked against their field's type, as the CLI does. */
  readonly schema?: PreparedSchema;
  /**
   * Plan `<resource>.permissions` sub-resources (plan/permissions.ts), as the CLI does. Opt-in while
   * the deploy side does not apply permissions: a plan must not list changes nobody carries out.
   */
  readonly permissions?: boolean;
  /**
   * The remote object of a deployed resource, read by the caller: null when it is gone (the CLI then
   * plans `create`), undefined when not read. Jobs (`jobRemote` of the jobs/get answer) and
   * permissions are compared field by field with the type's drift rules (rules.ts) and carried as
   * `remote_state`; for other types only "gone" is used (their drift rules are not modelled here).
   */
  readonly remote?: (node: string, id: string) => Plain | null | undefined;
  /**
   * A deployed resource's remote field that its config does not hold (models' `model_id`), read by
   * the caller; consulted for references when the resource is not being (re)created.
   */
  readonly remoteField?: (node: string, field: string) => Plain | undefined;
}

/**
 * Planning errors are data (a cycle is the user's config, not a crash). Per-resource failures are
 * `causes` under the message "planning failed", as the CLI logs them before its final error.
 */
export type PlanResult =
  | { readonly kind: "ok"; readonly plan: Plan }
  | { readonly kind: "error"; readonly message: string; readonly causes?: readonly string[] };
