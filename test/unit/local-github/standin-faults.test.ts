import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import { extractTarball } from "../../../shared/github/tarball.js";
import { chunks, craftTar } from "../github/tar-builder.js";
import { scratchRepo, standInToken, type ScratchRepo } from "./fixtures.js";

let repo: ScratchRepo;
let standIn: StandIn;
const shas: string[] = [];
const crafted = craftTar([{ path: "top/../escape.txt", body: "x\n" }]);

beforeAll(async () => {
  repo = scratchRepo("standin-faults-");
  for (const n of [1, 2]) {
    repo.write("README.md", `${n}\n`);
    shas.push(repo.commit(`c${n}`));
  }
  const dir = join(repo.work, "tarballs");
  mkdirSync(dir);
  writeFileSync(join(dir, `${shas[0]}.tar.gz`), crafted);
  standIn = await startGithubStandIn(repo.dir, 0, undefined, undefined, { tarballDir: dir });
});
afterAll(async () => {
  await standIn?.close();
  repo?.remove();
});

const tarball = async (sha: string) =>
  fetch(`${standIn.url}/repos/acme/ml/tarball/${sha}`, {
    headers: { authorization: `token ${await standInToken(standIn.url, 1)}` },
  });

describe("GitHub stand-in fault switch: crafted tarballs", () => {
  it("serves the crafted tarball of a commit byte for byte, which the safe extractor refuses", async () => {
    const res = await tarball(shas[0] ?? "");
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(crafted)).toBe(true);
    await expect(extractTarball(chunks(bytes), join(repo.work, "out-0"))).rejects.toMatchObject({
      code: "UNSAFE_TARBALL",
    });
  });

  it("serves `git archive` for a commit without a crafted tarball, and 404 for an unknown one", async () => {
    const res = await tarball(shas[1] ?? "");
    const result = await extractTarball(res.body as AsyncIterable<Uint8Array>, join(repo.work, "out-1"));
    expect(result.files).toBe(1);
    expect((await tarball("f".repeat(40))).status).toBe(404);
  });
});
