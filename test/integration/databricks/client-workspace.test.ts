import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import { clientFor, emulator } from "./helpers.js";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

describe("our client against the emulator: workspace", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  beforeAll(async () => {
    emu = await emulator();
    client = clientFor(emu);
  });
  afterAll(() => emu.stop());

  it("round-trips files and notebooks with 19-digit object ids", async () => {
    await client.workspace.mkdirs("/Users/dev/bundle");
    await client.workspace.import({
      path: "/Users/dev/bundle/train.py",
      content: b64("print('train')\n"),
      format: "AUTO",
    });
    await client.workspace.import({
      path: "/Users/dev/bundle/nb.py",
      content: b64("# Databricks notebook source\nx = 1\n"),
      format: "AUTO",
    });
    await client.workspace.import({
      path: "/Users/dev/bundle/src.py",
      content: b64("y = 2\n"),
      format: "SOURCE",
      language: "PYTHON",
    });
    const listed = await client.workspace.list("/Users/dev/bundle");
    expect(listed.map((o) => [o.path, o.object_type])).toEqual([
      ["/Users/dev/bundle/nb", "NOTEBOOK"],
      ["/Users/dev/bundle/src.py", "NOTEBOOK"],
      ["/Users/dev/bundle/train.py", "FILE"],
    ]);
    const status = await client.workspace.getStatus("/Workspace/Users/dev/bundle/train.py");
    expect(status.object_id).toMatch(/^\d{19}$/);
    expect(status.object_id).toBe(listed[2]?.object_id);
    await expect(
      client.workspace.import({ path: "/Users/dev/missing/x.py", content: b64(""), format: "AUTO" }),
    ).rejects.toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST", status: 404 });
    const exported = await client.workspace.export("/Users/dev/bundle/train.py");
    expect(Buffer.from(exported.content ?? "", "base64").toString()).toBe("print('train')\n");
    await expect(
      client.workspace.import({ path: "/Users/dev/bundle/train.py", content: b64("again"), format: "AUTO" }),
    ).rejects.toMatchObject({ errorCode: "RESOURCE_ALREADY_EXISTS" });
    await client.workspace.import({
      path: "/Users/dev/bundle/train.py",
      content: b64("v2"),
      format: "AUTO",
      overwrite: true,
    });
    expect(
      Buffer.from(
        (await client.workspace.export("/Users/dev/bundle/train.py")).content ?? "",
        "base64",
      ).toString(),
    ).toBe("v2");
    await expect(client.workspace.delete("/Users/dev/bundle")).rejects.toMatchObject({
      errorCode: "DIRECTORY_NOT_EMPTY",
    });
    await client.workspace.delete("/Users/dev/bundle", true);
    await expect(client.workspace.getStatus("/Users/dev/bundle")).rejects.toMatchObject({
      errorCode: "RESOURCE_DOES_NOT_EXIST",
      status: 404,
    });
  });

  it("accepts the CLI's workspace-files/import-file upload into an existing folder", async () => {
    const upload = (): Promise<Response> =>
      fetch(`${emu.url}/api/2.0/workspace-files/import-file/Users/dev/sync/a.txt?overwrite=true`, {
        method: "POST",
        headers: { authorization: `Bearer ${emu.token}` },
        body: "synced",
      });
    expect((await upload()).status).toBe(404);
    await client.workspace.mkdirs("/Users/dev/sync");
    expect((await upload()).status).toBe(200);
    const status = await client.workspace.getStatus("/Users/dev/sync/a.txt");
    expect(status).toMatchObject({ object_type: "FILE", size: 6 });
  });
});
