import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEmulatorConfig } from "../../../local/eventgrid/config.js";
import { subscriptionMatches } from "../../../local/eventgrid/filters.js";
import { compileTriggers, matchWrite, type BlobWrite } from "../../../shared/lake/index.js";
import { parsePipelineConfig } from "../../../shared/pipelines/config/index.js";

// `npm run demo` trains the staging target from data landed on the local stack (issue #8, part 4):
// the sidecar routes Azurite's `landing-staging` filesystem to staging, and the Event Grid emulator
// must deliver that filesystem's writes while keeping `landing` for the local target.

const sidecar = parsePipelineConfig(
  readFileSync(new URL("../../../bundles/churn/orchestrator.yml", import.meta.url), "utf8"),
);
const subscriptions = loadEmulatorConfig(
  new URL("../../../local/eventgrid/subscriptions.yml", import.meta.url).pathname,
);

const write = (filesystem: string, path: string): BlobWrite => ({
  eventId: "e1",
  account: "devstoreaccount1",
  filesystem,
  path,
  eTag: "0x1",
  contentLength: 10,
  api: "PutBlob",
  sequencer: "01",
  eventTime: "2026-11-25T10:00:00.000Z",
});

describe("the local staging trigger", () => {
  const triggers = compileTriggers(sidecar.landing);

  it("maps landing-staging on Azurite's account to the staging target", () => {
    const [match] = matchWrite(write("landing-staging", "churn/customers/date=2026-11-25/p.csv"), triggers);
    expect(match).toMatchObject({ trigger: "customers-local-staging", target: "staging", isMarker: false });
  });

  it("leaves the landing filesystem to the local target", () => {
    const matches = matchWrite(write("landing", "churn/customers/date=2026-11-25/p.csv"), triggers);
    expect(matches.map((m) => m.trigger)).toEqual(["customers-local"]);
  });
});

describe("the Event Grid emulator's subscription", () => {
  const [subscription] = subscriptions.subscriptions;
  const event = (container: string) => {
    const subject = `/blobServices/default/containers/${container}/blobs/churn/customers/date=2026-11-25/p.csv`;
    return {
      event: { subject, eventType: "Microsoft.Storage.BlobCreated", data: { api: "PutBlob" } },
      meta: { type: "Microsoft.Storage.BlobCreated", subject },
    };
  };

  it("watches both filesystems", () => {
    expect(subscriptions.containers).toEqual(expect.arrayContaining(["landing", "landing-staging"]));
  });

  it.each(["landing", "landing-staging"])("delivers writes to %s", (container) => {
    const { event: e, meta } = event(container);
    expect(subscriptionMatches(subscription!, e, meta)).toBe(true);
  });

  it.each(["landing-other", "eventgrid-deadletter"])("does not deliver writes to %s", (container) => {
    const { event: e, meta } = event(container);
    expect(subscriptionMatches(subscription!, e, meta)).toBe(false);
  });
});
