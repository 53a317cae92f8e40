import { createHmac } from "node:crypto";

/**
 * Just enough of the Blob REST API, signed with Shared Key, to put and read one blob in the stack's Azurite:
 * the repository has no storage SDK yet (issue #7 brings one). Signing follows "Authorize with Shared Key"
 * in the Azure Storage REST docs (string-to-sign for version 2015-02-21 and later).
 */
export interface Account {
  /** `http://127.0.0.1:<port>/<account>` */
  blobEndpoint: string;
  name: string;
  key: string;
}

export function parseConnectionString(cs: string): Account {
  const parts = Object.fromEntries(
    cs.split(";").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
  );
  const { BlobEndpoint, AccountName, AccountKey } = parts as Record<string, string | undefined>;
  if (!BlobEndpoint || !AccountName || !AccountKey)
    throw new Error("connection string lacks BlobEndpoint/AccountName/AccountKey");
  return { blobEndpoint: BlobEndpoint, name: AccountName, key: AccountKey };
}

async function call(
  account: Account,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(`${account.blobEndpoint}/${path}`);
  const length = body === undefined ? "" : String(Buffer.byteLength(body));
  const all: Record<string, string> = {
    "x-ms-date": new Date().toUTCString(),
    "x-ms-version": "2021-08-06",
    ...headers,
  };
  const canonicalHeaders = Object.keys(all)
    .filter((h) => h.startsWith("x-ms-"))
    .sort()
    .map((h) => `${h}:${all[h]}\n`)
    .join("");
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `\n${k}:${v}`)
    .join("");
  const contentType = all["content-type"] ?? "";
  const toSign = [method, "", "", length === "0" ? "" : length, "", contentType, "", "", "", "", "", ""].join(
    "\n",
  );
  const signature = createHmac("sha256", Buffer.from(account.key, "base64"))
    .update(`${toSign}\n${canonicalHeaders}/${account.name}${url.pathname}${query}`)
    .digest("base64");
  return fetch(url, {
    method,
    body: body ?? null,
    headers: { ...all, authorization: `SharedKey ${account.name}:${signature}` },
  });
}

export async function putBlob(
  account: Account,
  container: string,
  name: string,
  content: string,
): Promise<void> {
  const created = await call(account, "PUT", `${container}?restype=container`);
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`create container: ${created.status} ${await created.text()}`);
  const put = await call(account, "PUT", `${container}/${name}`, content, {
    "content-type": "text/plain",
    "x-ms-blob-type": "BlockBlob",
  });
  if (put.status !== 201) throw new Error(`put blob: ${put.status} ${await put.text()}`);
}

/** The blob's text, or undefined when it (or its container) does not exist. */
export async function getBlob(
  account: Account,
  container: string,
  name: string,
): Promise<string | undefined> {
  const res = await call(account, "GET", `${container}/${name}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`get blob: ${res.status} ${await res.text()}`);
  return res.text();
}
