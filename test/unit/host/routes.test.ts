import { describe, expect, it } from "vitest";
import { compileRoute, comparePrecedence, matchRoute } from "../../../local/host/routes.js";

const match = (template: string, path: string): Record<string, string> | undefined => matchRoute(compileRoute(template), path);

describe("route templates", () => {
  it.each([
    ["users/{id}", "users/42", { id: "42" }],
    ["users/{id}", "USERS/42", { id: "42" }],
    ["users/{id}", "users/42/", { id: "42" }],
    ["users/{id}", "users", undefined],
    ["users/{id}", "users/42/x", undefined],
    ["users/{id:int}", "users/42", { id: "42" }],
    ["users/{id:int}", "users/-7", { id: "-7" }],
    ["users/{id:int}", "users/abc", undefined],
    ["users/{id:int}", "users/99999999999", undefined],
    ["users/{id:long}", "users/99999999999", { id: "99999999999" }],
    ["users/{name:alpha}", "users/bob", { name: "bob" }],
    ["users/{name:alpha}", "users/bob1", undefined],
    ["flags/{f:bool}", "flags/TRUE", { f: "TRUE" }],
    ["flags/{f:bool}", "flags/yes", undefined],
    ["ids/{g:guid}", "ids/3f2504e0-4f89-11d3-9a0c-0305e82c3301", { g: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }],
    ["ids/{g:guid}", "ids/not-a-guid", undefined],
    ["n/{x:double}", "n/1.5", { x: "1.5" }],
    ["n/{x:int:range(1,9)}", "n/10", undefined],
    ["n/{x:int:min(5)}", "n/5", { x: "5" }],
    ["s/{x:minlength(3)}", "s/ab", undefined],
    ["s/{x:maxlength(3)}", "s/abc", { x: "abc" }],
    ["s/{x:length(2,3)}", "s/abcd", undefined],
    ["s/{x:regex(^a+b$)}", "s/aab", { x: "aab" }],
    ["items/{id?}", "items", {}],
    ["items/{id?}", "items/5", { id: "5" }],
    ["items/{id:int?}", "items/x", undefined],
    ["items/{id=7}", "items", { id: "7" }],
    ["files/{*path}", "files/a/b/c.txt", { path: "a/b/c.txt" }],
    ["files/{*path}", "files", {}],
    ["files/{name}.{ext}", "files/report.pdf", { name: "report", ext: "pdf" }],
    ["say/{word}", "say/hello%20world", { word: "hello world" }],
    ["say/{word}", "say/%E0%A4%A", undefined],
    ["", "", {}],
  ])("%s matches %s", (template, path, expected) => {
    expect(match(template, path)).toEqual(expected);
  });

  it("rejects invalid templates", () => {
    expect(() => compileRoute("a/{*rest}/b")).toThrow(/Catch-all/);
    expect(() => compileRoute("a/{x:nope}")).toThrow(/Unknown route constraint/);
    expect(() => compileRoute("a/{1bad}")).toThrow(/Invalid route parameter/);
  });

  it("orders literal before constrained before plain before catch-all", () => {
    const templates = ["users/{*rest}", "users/{name}", "users/me", "users/{id:int}", "users/{id?}"];
    const sorted = templates.map(compileRoute).sort(comparePrecedence).map((r) => r.template);
    expect(sorted).toEqual(["users/me", "users/{id:int}", "users/{name}", "users/{id?}", "users/{*rest}"]);
  });
});
