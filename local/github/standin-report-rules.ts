/**
 * GitHub's validation of the reporting endpoints, as the stand-in applies it: a request GitHub would
 * answer 422 gets a 422 here too (with GitHub's "Validation Failed" shape), so a reporter that ignores
 * a limit fails on one machine instead of on github.com. Limits: field-facts.md [H9], [H10].
 */
export interface FieldError {
  readonly resource: string;
  readonly field: string;
  readonly code: "missing_field" | "invalid" | "custom";
  readonly message?: string;
}

export const validationFailed = (errors: readonly FieldError[]) => ({
  message: "Validation Failed",
  errors,
  documentation_url: "https://docs.github.com/rest",
});

const CHECK_STATUS = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CONCLUSION = [
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
];
const LEVEL = ["notice", "warning", "failure"];
export const DEPLOYMENT_STATE = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
];
export const COMMIT_STATE = ["error", "failure", "pending", "success"];
const MAX_TEXT = 65_535;

const isText = (v: unknown): v is string => typeof v === "string";
const tooLong = (v: unknown, max: number) => isText(v) && v.length > max;

function annotationErrors(list: unknown): FieldError[] {
  const e = (field: string, code: FieldError["code"] = "invalid", message?: string): FieldError => ({
    resource: "CheckRun",
    field: `output.annotations${field}`,
    code,
    ...(message === undefined ? {} : { message }),
  });
  if (!Array.isArray(list)) return [e("")];
  if (list.length > 50) return [e("", "custom", "Only 50 annotations are allowed per request")];
  return list.flatMap((a: Record<string, unknown>, i) => [
    ...(["path", "message"] as const)
      .filter((f) => !isText(a[f]) || a[f] === "")
      .map((f) => e(`[${i}].${f}`, "missing_field")),
    ...(["start_line", "end_line"] as const)
      .filter((f) => !Number.isInteger(a[f]))
      .map((f) => e(`[${i}].${f}`, "missing_field")),
    ...(LEVEL.includes(String(a.annotation_level)) ? [] : [e(`[${i}].annotation_level`)]),
  ]);
}

/** Errors of a check run create (`creating`) or update body. */
export function checkRunErrors(body: Record<string, unknown>, creating: boolean): FieldError[] {
  const e = (field: string, code: FieldError["code"] = "invalid", message?: string): FieldError => ({
    resource: "CheckRun",
    field,
    code,
    ...(message === undefined ? {} : { message }),
  });
  const errors: FieldError[] = [];
  if (creating && (!isText(body.name) || body.name === "")) errors.push(e("name", "missing_field"));
  if (creating && !(isText(body.head_sha) && /^[0-9a-f]{40}$/.test(body.head_sha)))
    errors.push(e("head_sha", "missing_field"));
  if (body.status !== undefined && !CHECK_STATUS.includes(body.status as string)) errors.push(e("status"));
  if (body.conclusion !== undefined && !CONCLUSION.includes(body.conclusion as string))
    errors.push(e("conclusion"));
  if ((body.status === "completed" || body.completed_at !== undefined) && body.conclusion === undefined) {
    errors.push(e("conclusion", "missing_field", "conclusion is required when status is completed"));
  }
  const output = body.output as Record<string, unknown> | undefined;
  if (output !== undefined) {
    if (!isText(output.title)) errors.push(e("output.title", "missing_field"));
    if (!isText(output.summary)) errors.push(e("output.summary", "missing_field"));
    if (tooLong(output.summary, MAX_TEXT))
      errors.push(e("output.summary", "custom", "summary is too long (maximum is 65535 characters)"));
    if (tooLong(output.text, MAX_TEXT))
      errors.push(e("output.text", "custom", "text is too long (maximum is 65535 characters)"));
    if (output.annotations !== undefined) errors.push(...annotationErrors(output.annotations));
  }
  const actions = body.actions;
  if (actions !== undefined) {
    if (!Array.isArray(actions) || actions.length > 3)
      errors.push(e("actions", "custom", "at most 3 actions"));
    else
      actions.forEach((a: Record<string, unknown>, i) => {
        for (const [f, max] of [
          ["label", 20],
          ["description", 40],
          ["identifier", 20],
        ] as const) {
          if (!isText(a[f]) || a[f] === "" || tooLong(a[f], max)) errors.push(e(`actions[${i}].${f}`));
        }
      });
  }
  return errors;
}

/** Errors of a deployment create body. */
export function deploymentErrors(body: Record<string, unknown>): FieldError[] {
  const e = (field: string, code: FieldError["code"] = "invalid"): FieldError => ({
    resource: "Deployment",
    field,
    code,
  });
  const errors: FieldError[] = [];
  if (!isText(body.ref) || body.ref === "") errors.push(e("ref", "missing_field"));
  for (const f of ["auto_merge", "transient_environment", "production_environment"]) {
    if (body[f] !== undefined && typeof body[f] !== "boolean") errors.push(e(f));
  }
  if (
    body.required_contexts !== undefined &&
    !(Array.isArray(body.required_contexts) && body.required_contexts.every(isText))
  ) {
    errors.push(e("required_contexts"));
  }
  if (isText(body.payload)) {
    try {
      JSON.parse(body.payload);
    } catch {
      errors.push(e("payload"));
    }
  } else if (body.payload !== undefined && (typeof body.payload !== "object" || body.payload === null))
    errors.push(e("payload"));
  return errors;
}

/** Errors of a deployment status or commit status body. */
export function statusErrors(
  body: Record<string, unknown>,
  resource: "DeploymentStatus" | "Status",
): FieldError[] {
  const states = resource === "Status" ? COMMIT_STATE : DEPLOYMENT_STATE;
  const errors: FieldError[] = [];
  if (!states.includes(String(body.state)))
    errors.push({ resource, field: "state", code: body.state === undefined ? "missing_field" : "invalid" });
  if (resource === "DeploymentStatus" && tooLong(body.description, 140)) {
    errors.push({
      resource,
      field: "description",
      code: "custom",
      message: "description is too long (maximum is 140 characters)",
    });
  }
  return errors;
}
