import { z } from "zod";
import { defineGroup, setting } from "./setting.js";

/** Basic-auth credentials of the Databricks job notification webhook, or undefined when it is off. */
export interface RunEventsAuth {
  readonly user: string;
  readonly password: string;
}

/** Settings of `POST /api/databricks/run-events` (issue #7): Databricks' generic webhook offers only basic auth. */
export const runEventsSettings = defineGroup(
  "Databricks run events",
  {
    DATABRICKS_WEBHOOK_USER: setting(
      z
        .string()
        .regex(/^[^:\s]{1,128}$/, { error: "must be 1-128 characters without colons or spaces" })
        .optional(),
      {
        description:
          "User name the Databricks notification destination (generic webhook) sends with basic auth to /api/databricks/run-events. Unset (or the password unset): the endpoint answers 503 and runs are watched by polling only.",
        secret: false,
      },
    ),
    DATABRICKS_WEBHOOK_PASSWORD: setting(
      z.string().min(24, { error: "must be at least 24 characters" }).optional(),
      {
        description:
          "Password of that notification destination; generate a long random one and store it in Key Vault. Compared in constant time.",
        secret: true,
      },
    ),
  },
  (v): { auth: RunEventsAuth | undefined } => ({
    auth:
      v.DATABRICKS_WEBHOOK_USER !== undefined && v.DATABRICKS_WEBHOOK_PASSWORD !== undefined
        ? { user: v.DATABRICKS_WEBHOOK_USER, password: v.DATABRICKS_WEBHOOK_PASSWORD }
        : undefined,
  }),
);
