import { describe, expect, it } from "vitest";
import { parseEmulatorConfig, type Subscription } from "../../../local/eventgrid/config.js";
import { blobCreatedEvent, inSchema, type BlobChange } from "../../../local/eventgrid/events.js";
import { subscriptionMatches } from "../../../local/eventgrid/filters.js";

const change = (name: string, api: BlobChange["api"] = "PutBlob"): BlobChange => ({
  account: "devstoreaccount1",
  container: "landing",
  name,
  eTag: "0x1",
  contentLength: 3,
  contentType: "text/csv",
  blobType: "BlockBlob",
  api,
  url: `http://127.0.0.1:10000/devstoreaccount1/landing/${name}`,
  sequencer: "0".repeat(48),
  time: "2026-11-26T00:00:00.000Z",
});

function subscription(filter: Record<string, unknown>, schema = "EventGridSchema"): Subscription {
  const config = parseEmulatorConfig({
    containers: ["landing"],
    subscriptions: [
      { name: "sub", endpoint: { url: "http://127.0.0.1:1/x" }, eventDeliverySchema: schema, filter },
    ],
  });
  return config.subscriptions[0]!;
}

function matches(sub: Subscription, c: BlobChange): boolean {
  const event = blobCreatedEvent(c);
  return subscriptionMatches(sub, inSchema(event, sub.eventDeliverySchema), {
    type: event.eventType,
    subject: event.subject,
  });
}

describe("subscription filters", () => {
  const base = "/blobServices/default/containers/landing/blobs/";

  it("takes BlobCreated by default and no other type", () => {
    expect(matches(subscription({}), change("a.csv"))).toBe(true);
    expect(
      matches(subscription({ includedEventTypes: ["Microsoft.Storage.BlobDeleted"] }), change("a.csv")),
    ).toBe(false);
  });

  it("matches subject prefixes and suffixes, case-insensitively unless asked", () => {
    const sub = subscription({ subjectBeginsWith: `${base}Churn/`, subjectEndsWith: ".CSV" });
    expect(matches(sub, change("churn/x.csv"))).toBe(true);
    expect(matches(sub, change("churn/x.json"))).toBe(false);
    expect(matches(sub, change("other/x.csv"))).toBe(false);
    const strict = subscription({ subjectBeginsWith: `${base}Churn/`, isSubjectCaseSensitive: true });
    expect(matches(strict, change("churn/x.csv"))).toBe(false);
  });

  it("applies advanced filters on data.api in either schema, all filters together", () => {
    const apis = [{ operatorType: "StringIn", key: "data.api", values: ["PutBlockList", "FlushWithClose"] }];
    for (const schema of ["EventGridSchema", "CloudEventSchemaV1_0"]) {
      const sub = subscription({ advancedFilters: apis }, schema);
      expect(matches(sub, change("a.csv", "PutBlockList"))).toBe(true);
      expect(matches(sub, change("a.csv", "PutBlob"))).toBe(false);
    }
    const both = subscription({
      advancedFilters: [
        ...apis,
        { operatorType: "StringNotIn", key: "data.contentType", values: ["TEXT/CSV"] },
      ],
    });
    expect(matches(both, change("a.csv", "PutBlockList"))).toBe(false);
    const missing = subscription({
      advancedFilters: [{ operatorType: "StringIn", key: "data.nope", values: ["x"] }],
    });
    expect(matches(missing, change("a.csv"))).toBe(false);
    const contains = subscription({
      advancedFilters: [{ operatorType: "StringContains", key: "subject", values: ["/DATE="] }],
    });
    expect(matches(contains, change("p/date=2026-11-26/a.csv"))).toBe(true);
  });
});
