import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePorts } from "../../../local/mlflow/ports.js";
import {
  assertPortsFree,
  defaultPorts,
  parsePortOverrides,
  type StackPorts,
} from "../../../local/stack/ports.js";

describe("parsePortOverrides", () => {
  it("keeps the documented defaults and applies overrides by name", () => {
    // toMatchObject: components added by later issues bring their own ports.
    expect(parsePortOverrides([])).toMatchObject({
      host: 7071,
      mlflow: 7072,
      databricks: 7073,
      blob: 10000,
      queue: 10001,
      table: 10002,
    });
    expect(parsePortOverrides(["host=8071", "blob=20000"])).toEqual({
      ...defaultPorts,
      host: 8071,
      blob: 20000,
    });
  });

  it.each([["nope=1"], ["host"], ["host=0"], ["host=70000"], ["host=-1"], ["host=12a"]])(
    "rejects %s",
    (spec) => {
      expect(() => parsePortOverrides([spec])).toThrow(`Invalid --port "${spec}"`);
    },
  );

  it("rejects two components on one port", () => {
    expect(() => parsePortOverrides(["mlflow=7071"])).toThrow("Ports host and mlflow are both 7071");
  });
});

describe("freePorts", () => {
  it("draws distinct ports, however many are asked for at once", async () => {
    expect(new Set(await freePorts(64)).size).toBe(64);
  });
});

describe("assertPortsFree", () => {
  async function ports(): Promise<StackPorts> {
    const [host, mlflow, databricks, github, eventgrid, blob, queue, table] = (await freePorts(8)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { host, mlflow, databricks, github, eventgrid, blob, queue, table };
  }

  it("passes when every port can be bound", async () => {
    await expect(assertPortsFree(await ports())).resolves.toBeUndefined();
  });

  it("names each taken port with the flag that moves it", async () => {
    const p = await ports();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(p.queue, "127.0.0.1", resolve));
    try {
      await expect(assertPortsFree(p)).rejects.toThrow(
        `port ${p.queue} (queue) on 127.0.0.1 is already in use`,
      );
      await expect(assertPortsFree(p)).rejects.toThrow("--port queue=<other>");
    } finally {
      server.close();
    }
  });
});
