import { gzipSync } from "node:zlib";
import { Header } from "tar";

/** One entry of a hand-built archive; anything the format allows, including what a safe extractor must refuse. */
export interface CraftedEntry {
  readonly path: string;
  readonly type?: "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice" | "FIFO";
  readonly body?: string | Buffer;
  readonly linkpath?: string;
  readonly mode?: number;
  /** Declared size, when it should differ from the body (huge-file headers). */
  readonly size?: number;
}

const block = (n: number) => Buffer.alloc(Math.ceil(n / 512) * 512);

/** A tar archive written header by header, so paths like `../x` reach the bytes unsanitised. */
export function craftTar(entries: readonly CraftedEntry[], gzip = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = typeof e.body === "string" ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
    const type = e.type ?? "File";
    const header = new Header({
      path: e.path,
      type,
      size: e.size ?? (type === "File" ? body.length : 0),
      mode: e.mode ?? (type === "Directory" ? 0o755 : 0o644),
      ...(e.linkpath === undefined ? {} : { linkpath: e.linkpath }),
      mtime: new Date(0),
    });
    const head = Buffer.alloc(512);
    header.encode(head, 0);
    parts.push(head);
    if (body.length > 0) {
      const padded = block(body.length);
      body.copy(padded);
      parts.push(padded);
    }
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  return gzip ? gzipSync(tar) : tar;
}

/** Streams a buffer in small chunks, as a download arrives. */
export async function* chunks(buffer: Buffer, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) {
    await Promise.resolve(); // a network read resolves asynchronously too
    yield buffer.subarray(i, i + size);
  }
}
