/** Accepts what the Storage SDKs accept: the emulator shortcut, account key/SAS, or endpoint + SAS. */
export function isStorageConnectionString(value: string): boolean {
  const pairs = new Map<string, string>();
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  if (pairs.get("usedevelopmentstorage")?.toLowerCase() === "true") return true;
  const hasCredential = Boolean(pairs.get("accountkey") || pairs.get("sharedaccesssignature"));
  return hasCredential && Boolean(pairs.get("accountname") || pairs.get("blobendpoint"));
}
