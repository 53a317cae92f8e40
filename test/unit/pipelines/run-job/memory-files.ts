import type { LakeFiles } from "../../../../shared/lake/store.js";

/** LakeFiles in a Map: enough for code that only needs the interface's contract, not a storage API. */
export function memoryFiles(): LakeFiles & { readonly files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    read: (path) => Promise.resolve(files.get(path) ?? null),
    write(path, text) {
      files.set(path, text);
      return Promise.resolve();
    },
    append(path, text) {
      files.set(path, (files.get(path) ?? "") + text);
      return Promise.resolve();
    },
  };
}
