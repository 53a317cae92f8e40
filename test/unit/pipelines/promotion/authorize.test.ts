import { describe, expect, it } from "vitest";
import { authorize, type PromotionAction } from "../../../../shared/pipelines/promotion/authorize.js";
import {
  parseClientPrincipal,
  parseDevPrincipal,
  principalFrom,
  type PrincipalResult,
} from "../../../../shared/pipelines/promotion/principal.js";

const ROLE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
const OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

/** The header as App Service authentication sends it: base64 JSON with mapped claim types. */
function clientPrincipal(oid: string, name: string, roles: string[]): string {
  const body = {
    auth_typ: "aad",
    claims: [{ typ: OID, val: oid }, { typ: NAME, val: name }, ...roles.map((val) => ({ typ: ROLE, val }))],
    name_typ: NAME,
    role_typ: ROLE,
  };
  return Buffer.from(JSON.stringify(body)).toString("base64");
}

const headers = (entries: Record<string, string>) => ({
  get: (name: string) => entries[name.toLowerCase()] ?? null,
});
const who = (oid: string, roles: string[]) => parseClientPrincipal(clientPrincipal(oid, oid, roles));

const requester = who("oid-alice", ["Promotion.Request"]);
const approver = who("oid-bob", ["Promotion.Approve"]);
const both = who("oid-alice", ["Promotion.Request", "Promotion.Approve"]);
const stranger = who("oid-carol", ["Promotion.Request"]);
const noRoles = who("oid-dave", []);
const anonymous: PrincipalResult = { kind: "anonymous" };
const garbage = parseClientPrincipal("not-base64-json");
const byAlice = { id: "oid-alice" };

const matrix: [string, PrincipalResult, PromotionAction, { id: string } | undefined, number | "ok"][] = [
  ["anonymous request", anonymous, "request", undefined, 401],
  ["malformed header", garbage, "approve", byAlice, 401],
  ["requester requests", requester, "request", undefined, "ok"],
  ["approver without Request role requests", approver, "request", undefined, 403],
  ["no roles reads", noRoles, "read", undefined, 403],
  ["requester reads", requester, "read", undefined, "ok"],
  ["approver reads", approver, "read", undefined, "ok"],
  ["second person approves", approver, "approve", byAlice, "ok"],
  ["requester without Approve role approves", requester, "approve", byAlice, 403],
  ["self-approval with both roles", both, "approve", byAlice, 403],
  ["approver rejects", approver, "reject", byAlice, "ok"],
  ["requester with both roles rejects own", both, "reject", byAlice, "ok"],
  ["requester cancels own", requester, "cancel", byAlice, "ok"],
  ["someone else cancels", stranger, "cancel", byAlice, 403],
  ["approver without Request role cancels", approver, "cancel", byAlice, 403],
  ["approver rolls back", approver, "rollback", undefined, "ok"],
  ["requester rolls back", requester, "rollback", undefined, 403],
  ["anonymous rolls back", anonymous, "rollback", undefined, 401],
];

describe("authorization matrix", () => {
  it.each(matrix)("%s", (_name, principal, action, requestedBy, expected) => {
    if (expected === "ok") {
      expect(() => authorize(principal, action, requestedBy)).not.toThrow();
    } else {
      expect(() => authorize(principal, action, requestedBy)).toThrow(
        expect.objectContaining({ status: expected }),
      );
    }
  });

  it("names self-approval by its own code", () => {
    expect(() => authorize(both, "approve", byAlice)).toThrow(
      expect.objectContaining({ code: "SELF_APPROVAL" }),
    );
  });
});

describe("reading the caller", () => {
  it("decodes the App Service header: object id, name and roles", () => {
    expect(
      parseClientPrincipal(clientPrincipal("oid-1", "alice@contoso.com", ["Promotion.Request"])),
    ).toEqual({
      kind: "principal",
      principal: {
        id: "oid-1",
        name: "alice@contoso.com",
        roles: ["Promotion.Request"],
        source: "app-service",
      },
    });
  });

  it("reads roles under the default `roles` claim type when role_typ is absent", () => {
    const body = {
      auth_typ: "aad",
      claims: [
        { typ: "oid", val: "o" },
        { typ: "roles", val: "Promotion.Approve" },
      ],
    };
    const result = parseClientPrincipal(Buffer.from(JSON.stringify(body)).toString("base64"));
    expect(result).toMatchObject({ principal: { id: "o", roles: ["Promotion.Approve"] } });
  });

  it("ignores the development header unless it is enabled", () => {
    const dev = { "x-dev-principal": "alice; roles=Promotion.Request" };
    expect(principalFrom(headers(dev), false)).toEqual({ kind: "anonymous" });
    expect(principalFrom(headers(dev), true)).toEqual({
      kind: "principal",
      principal: { id: "dev:alice", name: "alice", roles: ["Promotion.Request"], source: "development" },
    });
  });

  it("prefers the platform header over the development header", () => {
    const both = { "x-ms-client-principal": clientPrincipal("oid-1", "a", []), "x-dev-principal": "bob" };
    expect(principalFrom(headers(both), true)).toMatchObject({ principal: { id: "oid-1" } });
  });

  it("rejects a development header without a usable name", () => {
    expect(parseDevPrincipal("; roles=Promotion.Approve")).toMatchObject({ kind: "invalid" });
    expect(parseDevPrincipal("a b")).toMatchObject({ kind: "invalid" });
  });
});
