import { describe, expect, it } from "vitest";
import { emulatorSuite, put, settled } from "./harness.js";
import { eventually } from "./receiver.js";

const t = emulatorSuite();

describe("Event Grid emulator on Azurite: retries, dead letters, faults", () => {
  it("retries on Event Grid's schedule and dead-letters after the last attempt", async () => {
    const c = await t.container();
    const dead = `dead${t.count()}`;
    t.receiver.answer = () => 503;
    const e = await t.emulator(
      [c.containerName],
      [
        {
          name: "retry-sub",
          endpoint: { url: `${t.receiver.url}/retry` },
          retryPolicy: { maxDeliveryAttempts: 3 },
          deadLetterDestination: { blobContainerName: dead },
        },
      ],
    );
    await put(c, "x.csv");
    await e.scanNow();
    await eventually(settled(e, 1));

    const attempts = t.receiver.notifications();
    expect(attempts.map((a) => a.headers["aeg-delivery-count"])).toEqual(["0", "1", "2"]);
    const ids = new Set(attempts.map((a) => (a.body as { id: string }[])[0]?.id));
    expect(ids.size).toBe(1);
    expect(e.status().subscriptions[0]).toMatchObject({ delivered: 0, failedAttempts: 3, deadLettered: 1 });

    const blobs: string[] = [];
    for await (const b of t.service.getContainerClient(dead).listBlobsFlat()) blobs.push(b.name);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/^RETRY-SUB\/\d{4}\/[1-9]\d?\/[1-9]\d?\/\d{1,2}\/[0-9a-f-]{36}\.json$/);
    const letter = JSON.parse(
      (await t.service.getContainerClient(dead).getBlobClient(blobs[0]!).downloadToBuffer()).toString(),
    ) as unknown[];
    expect(letter).toEqual([
      expect.objectContaining({
        id: [...ids][0],
        eventType: "Microsoft.Storage.BlobCreated",
        deadLetterReason: "MaxDeliveryAttemptsExceeded",
        deliveryAttempts: 3,
        lastDeliveryOutcome: "GenericError",
        lastHttpStatusCode: 503,
      }),
    ]);
  });

  it("dead-letters a 400 at once, and delivers an event that succeeds on a later attempt", async () => {
    const c = await t.container();
    const dead = `dead${t.count()}`;
    let calls = 0;
    t.receiver.answer = (r) => (r.path === "/bad" ? 400 : ++calls <= 2 ? 500 : 200);
    const e = await t.emulator(
      [c.containerName],
      [
        {
          name: "bad-sub",
          endpoint: { url: `${t.receiver.url}/bad` },
          deadLetterDestination: { blobContainerName: dead },
        },
        { name: "flaky-sub", endpoint: { url: `${t.receiver.url}/flaky` } },
      ],
    );
    await put(c, "y.csv");
    await e.scanNow();
    await eventually(settled(e, 2));
    const [bad, flaky] = e.status().subscriptions;
    expect(bad).toMatchObject({ failedAttempts: 1, deadLettered: 1, delivered: 0 });
    expect(flaky).toMatchObject({ failedAttempts: 2, delivered: 1, deadLettered: 0 });
    const names: string[] = [];
    for await (const b of t.service.getContainerClient(dead).listBlobsFlat()) names.push(b.name);
    const letter = (
      await t.service.getContainerClient(dead).getBlobClient(names[0]!).downloadToBuffer()
    ).toString();
    expect(JSON.parse(letter)).toEqual([
      expect.objectContaining({
        deadLetterReason: "UndeliverableDueToHttpBadRequest",
        deliveryAttempts: 1,
        lastHttpStatusCode: 400,
      }),
    ]);
  });

  it("duplicates every event with the same id, and reorders a scan's events, when switched on", async () => {
    const c = await t.container();
    const sub = (name: string) => [{ name, endpoint: { url: `${t.receiver.url}/${name}` } }];
    const plain = await t.emulator([c.containerName], sub("plain"));
    const twice = await t.emulator([c.containerName], sub("twice"), {
      faults: { duplicate: 1, reorder: false },
      seed: 7,
    });
    const shuffled = await t.emulator([c.containerName], sub("shuffled"), {
      faults: { duplicate: 0, reorder: true },
      seed: 7,
    });
    for (const n of [0, 1, 2, 3, 4]) await put(c, `p/part-${n}.csv`);
    for (const e of [plain, twice, shuffled]) await e.scanNow();
    await eventually(settled(plain, 5));
    await eventually(settled(twice, 10));
    await eventually(settled(shuffled, 5));

    const order = (path: string): string[] =>
      t.eventsOf(path).map((ev) => String(ev.subject).split("/").pop()!);
    const ids = (path: string): string[] => t.eventsOf(path).map((ev) => String(ev.id));
    expect(order("/plain")).toEqual(["part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv", "part-4.csv"]);
    expect(ids("/twice")).toHaveLength(10);
    expect(new Set(ids("/twice")).size).toBe(5);
    expect([...order("/shuffled")].sort()).toEqual(order("/plain"));
    expect(order("/shuffled")).not.toEqual(order("/plain"));
  });

  it("counts a failed validation handshake as a failed attempt and delivers once the webhook validates", async () => {
    const c = await t.container();
    t.receiver.validate = false;
    const e = await t.emulator(
      [c.containerName],
      [{ name: "shy-sub", endpoint: { url: `${t.receiver.url}/shy` } }],
    );
    await put(c, "v.csv");
    await e.scanNow();
    await eventually(() => (e.status().subscriptions[0]?.failedAttempts ?? 0) >= 2);
    expect(t.receiver.notifications()).toHaveLength(0);
    expect(e.status().subscriptions[0]?.lastError).toContain("validation handshake");
    t.receiver.validate = true;
    await eventually(settled(e, 1));
    expect(t.eventsOf("/shy")).toHaveLength(1);
  });

  it("drops an undeliverable event when the subscription has no dead-letter destination", async () => {
    const c = await t.container();
    t.receiver.answer = () => 413;
    const e = await t.emulator(
      [c.containerName],
      [{ name: "drop-sub", endpoint: { url: `${t.receiver.url}/drop` } }],
    );
    await put(c, "w.csv");
    await e.scanNow();
    await eventually(settled(e, 1));
    expect(e.status().subscriptions[0]).toMatchObject({ failedAttempts: 1, dropped: 1, deadLettered: 0 });
  });
});
