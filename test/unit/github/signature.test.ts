import { describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../../../shared/github/signature.js";
import { OLD_SECRET, SECRET, signatureOf } from "./fixtures.js";

const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });

describe("createSignatureVerifier", () => {
  const verify = createSignatureVerifier([SECRET, OLD_SECRET]);

  it("accepts a signature made with the current secret", async () => {
    expect(await verify(body, signatureOf(body, SECRET))).toBe(true);
  });

  it("accepts a signature made with the secret being rotated out", async () => {
    expect(await verify(body, signatureOf(body, OLD_SECRET))).toBe(true);
  });

  it("rejects the old secret once it is removed from the list", async () => {
    expect(await createSignatureVerifier([SECRET])(body, signatureOf(body, OLD_SECRET))).toBe(false);
  });

  it("rejects another secret, a changed body and a changed signature", async () => {
    expect(await verify(body, signatureOf(body, "someone-elses-secret!"))).toBe(false);
    expect(await verify(`${body} `, signatureOf(body))).toBe(false);
    const sig = signatureOf(body);
    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    expect(await verify(body, flipped)).toBe(false);
  });

  it.each([
    ["the SHA-1 header format", (s: string) => s.replace("sha256=", "sha1=")],
    ["upper-case hex", (s: string) => s.toUpperCase().replace("SHA256=", "sha256=")],
    ["a truncated digest", (s: string) => s.slice(0, -2)],
    ["no prefix", (s: string) => s.slice("sha256=".length)],
  ])("rejects %s", async (_, mangle) => {
    expect(await verify(body, mangle(signatureOf(body)))).toBe(false);
  });

  it("rejects an empty body instead of throwing", async () => {
    expect(await verify("", signatureOf(""))).toBe(false);
  });

  it("verifies non-ASCII bodies over their UTF-8 bytes", async () => {
    const text = JSON.stringify({ ref: "refs/heads/fëature/🚀" });
    expect(await verify(text, signatureOf(Buffer.from(text, "utf8")))).toBe(true);
  });
});
