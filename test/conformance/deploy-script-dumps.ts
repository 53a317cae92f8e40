/**
 * Script lines that dump or check the request log other than with a plain `print_requests.py`: jq
 * selections of request bodies into files (task-source), script functions printing the log with jq
 * (id_chain), and a refused method piped through gron.py/contains.py (drift__browse_only).
 */
import type { Step } from "./deploy-script.js";

/** A whole line that is one of the dumps or checks above; undefined for any other line. */
export function dumpStep(line: string): Step | undefined {
  const select =
    /^jq -s '\.\[\] \| select\(\.path=="([^"]+)"\) \| select\(\.body(?:\.new_settings)?\.name=="([^"]+)"\) \| \.body' out\.requests\.txt \| jq --sort-keys (>>?) (\S+)$/.exec(
      line,
    );
  if (select?.[4] !== undefined)
    return {
      kind: "select-bodies",
      path: select[1] ?? "",
      name: select[2] ?? "",
      file: select[4],
      append: select[3] === ">>",
    };
  const refuse =
    /^print_requests\.py((?: \/\/\S+)+) \| gron\.py \| contains\.py '!json\.method = "(\w+)"'$/.exec(line);
  if (refuse?.[2] !== undefined)
    return { kind: "refuse", filters: (refuse[1] ?? "").trim().split(/\s+/), method: refuse[2] };
  return undefined;
}

/**
 * A script function that prints the request log with jq instead of print_requests.py (id_chain):
 * non-GET requests whose path contains a substring, whole or as their names only.
 */
export function jqDump(line: string, traced: boolean, caller: string): Step | undefined {
  const m =
    /^jq --sort-keys 'select\((\.method != "GET" and )?\(\.path \| contains\("([^"]+)"\)\)\)( \| \(\.body\.name \/\/ \.body\.new_settings\.name \/\/ empty\))?' < out\.requests\.txt$/.exec(
      line,
    );
  if (m?.[2] === undefined) return undefined;
  return {
    kind: "print",
    filters: [`/${m[2]}`],
    get: m[1] === undefined,
    sort: false,
    traced,
    args: caller,
    marker: caller,
    ...(m[3] === undefined ? {} : { names: true }),
  };
}
