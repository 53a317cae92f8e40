import type { Faults } from "./faults.js";
import type { Route } from "./http.js";
import { routeTable } from "./router.js";

/** `POST/DELETE /__emulator/faults`: test-only fault injection, behind the same token as the API. */
export function adminRoute(faults: Faults): Route {
  return routeTable([
    { method: "POST", path: "/__emulator/faults", handler: (c) => faults.add(c.json()) },
    { method: "DELETE", path: "/__emulator/faults", handler: () => faults.clear() },
  ]);
}

/** SCIM `Me`: the configured user, with a stable id derived from the name. */
export function scimRoute(user: string): Route {
  const id = String(BigInt.asUintN(63, BigInt(`0x${Buffer.from(user).toString("hex").slice(0, 15) || "1"}`)));
  return routeTable([
    {
      method: "GET",
      path: "/api/2.0/preview/scim/v2/Me",
      handler: () => ({
        schemas: [
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:workspace:2.0:User",
        ],
        id,
        userName: user,
        displayName: user.split("@")[0] ?? user,
        active: true,
        emails: [{ type: "work", value: user, primary: true }],
        groups: [{ display: "users", type: "direct", value: "1" }],
        entitlements: [{ value: "workspace-access" }, { value: "allow-cluster-create" }],
      }),
    },
  ]);
}
