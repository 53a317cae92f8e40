import { z } from "zod";

/** App roles of the promotion API (Entra ID app registration, issue #8). */
export const ROLES = { request: "Promotion.Request", approve: "Promotion.Approve" } as const;
export type PromotionRole = (typeof ROLES)[keyof typeof ROLES];

/** Who is calling: a stable id (compared for self-approval), a display name and app roles. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly source: "app-service" | "development";
}

/** The header App Service authentication sets; external requests cannot set it (the platform strips it). */
export const CLIENT_PRINCIPAL_HEADER = "x-ms-client-principal";
/** Local-only stand-in, accepted only when PROMOTION_DEV_PRINCIPAL is true (APP_ENVIRONMENT=local). */
export const DEV_PRINCIPAL_HEADER = "x-dev-principal";

// Claim types after App Service's default claim mapping.
const OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const DEFAULT_ROLE_TYPE = "roles";
const DEFAULT_NAME_TYPE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

const clientPrincipal = z.object({
  auth_typ: z.string().min(1),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
});

/** What reading the headers found; `invalid` is a malformed header, which is a 401 like a missing one. */
export type PrincipalResult =
  | { readonly kind: "anonymous" }
  | { readonly kind: "invalid"; readonly reason: string }
  | { readonly kind: "principal"; readonly principal: Principal };

/** Decodes `x-ms-client-principal` (base64 JSON: auth_typ, claims[{typ,val}], name_typ, role_typ). */
export function parseClientPrincipal(header: string): PrincipalResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return { kind: "invalid", reason: "x-ms-client-principal is not base64 JSON" };
  }
  const parsed = clientPrincipal.safeParse(json);
  if (!parsed.success) return { kind: "invalid", reason: "x-ms-client-principal has no auth_typ and claims" };
  const { claims, name_typ, role_typ } = parsed.data;
  const first = (typ: string) => claims.find((c) => c.typ === typ)?.val;
  const roleType = role_typ ?? DEFAULT_ROLE_TYPE;
  const roles = claims.filter((c) => c.typ === roleType || c.typ === DEFAULT_ROLE_TYPE).map((c) => c.val);
  // The object id is stable across renames; service principals without one fall back to the name claim.
  const name = first(name_typ ?? DEFAULT_NAME_TYPE) ?? first("name") ?? first("preferred_username");
  const id = first(OBJECT_ID) ?? first("oid") ?? name;
  if (id === undefined) return { kind: "invalid", reason: "x-ms-client-principal has no identity claim" };
  return {
    kind: "principal",
    principal: { id, name: name ?? id, roles: [...new Set(roles)], source: "app-service" },
  };
}

const DEV_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Parses the development header: `alice; roles=Promotion.Request,Promotion.Approve`. */
export function parseDevPrincipal(header: string): PrincipalResult {
  const [rawName = "", ...rest] = header.split(";").map((part) => part.trim());
  if (!DEV_NAME.test(rawName))
    return { kind: "invalid", reason: `${DEV_PRINCIPAL_HEADER} needs a user name` };
  const rolesPart = rest.find((part) => part.startsWith("roles="));
  const roles = (rolesPart?.slice("roles=".length) ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r !== "");
  const id = `dev:${rawName}`;
  return { kind: "principal", principal: { id, name: rawName, roles, source: "development" } };
}

/** Reads the caller from request headers; the development header only counts when `allowDev` is set. */
export function principalFrom(
  headers: { get(name: string): string | null },
  allowDev: boolean,
): PrincipalResult {
  const platform = headers.get(CLIENT_PRINCIPAL_HEADER);
  if (platform !== null && platform !== "") return parseClientPrincipal(platform);
  const dev = headers.get(DEV_PRINCIPAL_HEADER);
  if (allowDev && dev !== null && dev !== "") return parseDevPrincipal(dev);
  return { kind: "anonymous" };
}
