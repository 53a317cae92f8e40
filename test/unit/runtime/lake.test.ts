import type { TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { createLake } from "../../../shared/runtime/lake.js";

const credential: TokenCredential = { getToken: () => Promise.reject(new Error("no tokens in unit tests")) };

describe("createLake", () => {
  it("uses DFS with the runtime's credential when there is no connection string, building it on first use only", () => {
    let built = 0;
    const lake = createLake({}, { credential: () => (built++, credential) });
    expect(built).toBe(0);
    const files = lake.at({ account: "mlorchlake", filesystem: "orchestrator" });
    lake.at({ account: "mlorchlake", filesystem: "landing" });
    expect(built).toBe(1); // one client per account
    expect(typeof files.append).toBe("function");
  });

  it("uses the Blob API with a connection string and never asks for a credential", () => {
    const lake = createLake(
      { connectionString: "UseDevelopmentStorage=true" },
      {
        credential: () => {
          throw new Error("must not be built");
        },
      },
    );
    expect(() => lake.at({ account: "devstoreaccount1", filesystem: "orchestrator" })).not.toThrow();
    expect(() => lake.at({ account: "other", filesystem: "x" })).toThrow(/not reachable/);
  });
});
