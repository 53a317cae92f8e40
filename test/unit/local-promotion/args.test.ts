import { describe, expect, it } from "vitest";
import { parseDevPrincipal } from "../../../shared/pipelines/promotion/principal.js";
import { devPrincipal, parseApproveArgs, parsePromoteArgs } from "../../../local/promotion/args.js";

const stack = "/repo/.local/stack.json";

describe("npm run promote arguments", () => {
  it("needs only --model; bundle, route, requester and reason have defaults", () => {
    expect(parsePromoteArgs(["--model", "staging.ml.churn"], stack)).toEqual({
      url: undefined,
      stackFile: stack,
      as: "alice",
      body: {
        bundle: "churn",
        model: "staging.ml.churn",
        from: "staging",
        to: "prod",
        reason: "requested by alice with npm run promote",
      },
    });
  });

  it("takes every option", () => {
    const args = parsePromoteArgs(
      [
        "--model",
        "m",
        "--version",
        "4",
        "--bundle",
        "b",
        "--from",
        "dev",
        "--to",
        "staging",
        "--reason",
        "why",
        "--as",
        "carol",
        "--url",
        "http://127.0.0.1:1",
        "--stack",
        "s.json",
      ],
      stack,
    );
    expect(args).toMatchObject({
      url: "http://127.0.0.1:1",
      stackFile: "s.json",
      as: "carol",
      body: { bundle: "b", model: "m", version: "4", from: "dev", to: "staging", reason: "why" },
    });
  });

  it("refuses a missing model and unknown options; --help asks for the usage", () => {
    expect(() => parsePromoteArgs([], stack)).toThrow(/--model is required/);
    expect(() => parsePromoteArgs(["--model", "m", "--force"], stack)).toThrow(/force/);
    expect(parsePromoteArgs(["--help"], stack)).toBeUndefined();
  });
});

describe("npm run approve arguments", () => {
  it("approves as bob by default; --reject and --comment change the decision", () => {
    expect(parseApproveArgs(["promo-abc"], stack)).toEqual({
      url: undefined,
      stackFile: stack,
      as: "bob",
      id: "promo-abc",
      decision: "approve",
    });
    expect(
      parseApproveArgs(["promo-abc", "--reject", "--comment", "not yet", "--as", "dave"], stack),
    ).toMatchObject({
      as: "dave",
      decision: "reject",
      comment: "not yet",
    });
  });

  it("needs exactly one id", () => {
    expect(() => parseApproveArgs([], stack)).toThrow(/id is required/);
    expect(() => parseApproveArgs(["a", "b"], stack)).toThrow(/unexpected arguments: b/);
  });
});

describe("development principal", () => {
  it("is the header the API parses, with the one role the command needs", () => {
    expect(parseDevPrincipal(devPrincipal("bob", "Promotion.Approve"))).toEqual({
      kind: "principal",
      principal: { id: "dev:bob", name: "bob", roles: ["Promotion.Approve"], source: "development" },
    });
    expect(() => devPrincipal("bob; roles=Promotion.Approve", "Promotion.Request")).toThrow(
      /simple user name/,
    );
  });
});
