import { createHash, randomUUID } from "node:crypto";

/**
 * Instance id of a sub-orchestration started without one: a GUID derived from the parent and the event id,
 * so a replayed or retried episode computes the same id and never starts a second child.
 */
export function subOrchestrationId(parentId: string, taskId: number): string {
  const h = createHash("sha1").update(`${parentId}\u0000${taskId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function newInstanceId(): string {
  return randomUUID().replaceAll("-", "");
}

/** The extension's rules for instance ids: non-empty, at most 100 characters, none of / \ # ? or controls. */
export function instanceIdProblem(id: string): string | undefined {
  if (id.length === 0) return "Instance ID must not be empty.";
  if (id.length > 100) return "Instance ID must be at most 100 characters.";
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?\u0000-\u001f\u007f]/.test(id))
    return "Instance ID must not contain /, \\, #, ? or control characters.";
  return undefined;
}
