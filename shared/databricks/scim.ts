import type { CallOptions, Transport } from "./http.js";

/** The SCIM 2.0 user returned by `Me` (fields we read; Databricks sends more). */
export interface ScimUser {
  id: string;
  userName: string;
  displayName?: string;
  active?: boolean;
  externalId?: string;
  emails?: { value: string; type?: string; primary?: boolean }[];
  groups?: { value: string; display?: string; $ref?: string }[];
  entitlements?: { value: string }[];
  name?: { givenName?: string; familyName?: string };
  schemas?: string[];
}

/** The caller's identity in a workspace. */
export interface ScimApi {
  /** `GET /api/2.0/preview/scim/v2/Me` */
  me(options?: CallOptions): Promise<ScimUser>;
}

export function createScimApi(transport: Transport): ScimApi {
  return {
    me: (options) => transport.call({ ...options, method: "GET", path: "/api/2.0/preview/scim/v2/Me" }),
  };
}
