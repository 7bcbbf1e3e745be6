/**
 * The container of backups and site exports: a plain tar (POSIX ustar, through tar-stream) written and read as
 * a stream, with a SHA-256 of every member in a last member, `checksums.sha256`, in the format `sha256sum -c`
 * reads: an operator can check an archive with standard tools after `tar xf`.
 *
 * Reading treats the archive as untrusted: only regular files, only member names made of safe segments (no
 * absolute paths, no `..`, no odd characters), each name once; callers add their own list of expected names.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';

export const CHECKSUMS_MEMBER = 'checksums.sha256';

export type Member = { name: string; sha256: string; bytes: number };

export class ArchiveError extends Error {}

/** Names of safe segments joined by '/': no absolute path, no '.' or '..', nothing a shell or a file system reads specially. */
export function isSafeMemberName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 400 &&
    /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/.test(name) &&
    !name.split('/').some((s) => s === '.' || s === '..')
  );
}

/** Writes members into a tar stream (`readable`), hashing each; `finish()` adds the checksums member. */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  readonly members: Member[] = [];
  private readonly names = new Set<string>();

  /** The archive's bytes, to pipe into a file or a response. */
  get readable(): AsyncIterable<Uint8Array> & { pipe: (dest: NodeJS.WritableStream) => unknown } {
    return this.pack as never;
  }

  private claim(name: string) {
    if (!isSafeMemberName(name)) throw new ArchiveError(`Refusing the archive member name "${name}"`);
    if (this.names.has(name)) throw new ArchiveError(`Archive member "${name}" written twice`);
    this.names.add(name);
  }

  async addBuffer(name: string, data: Uint8Array, mtime = new Date()): Promise<Member> {
    this.claim(name);
    await new Promise<void>((resolve, reject) => {
      this.pack.entry(
        { name, size: data.byteLength, mtime, mode: 0o644 },
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        (err) => (err ? reject(err) : resolve()),
      );
    });
    const member = { name, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.byteLength };
    this.members.push(member);
    return member;
  }

  /** A member of known size from a stream (a file), written with backpressure. */
  async addStream(name: string, size: number, source: AsyncIterable<Uint8Array>, mtime = new Date()): Promise<Member> {
    this.claim(name);
    const hash = createHash('sha256');
    let bytes = 0;
    let settle!: (err?: Error | null) => void;
    const done = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
    done.catch(() => {});
    const sink = this.pack.entry({ name, size, mtime, mode: 0o644 }, (err) => settle(err));
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > size) break;
      hash.update(chunk);
      if (!sink.write(Buffer.from(chunk))) await once(sink as never, 'drain');
    }
    if (bytes !== size) {
      sink.destroy(new ArchiveError(`${name} changed while it was archived (${bytes} bytes instead of ${size})`));
      throw new ArchiveError(`${name} changed while it was archived`);
    }
    sink.end(undefined);
    await done;
    const member = { name, sha256: hash.digest('hex'), bytes };
    this.members.push(member);
    return member;
  }

  /** Adds `checksums.sha256` (every member so far) and ends the archive. */
  async finish(): Promise<void> {
    const lines = this.members.map((m) => `${m.sha256}  ${m.name}\n`).join('');
    await this.addBuffer(CHECKSUMS_MEMBER, Buffer.from(lines, 'utf8'));
    this.pack.finalize();
  }

  /** Ends the archive early (an error): readers see a truncated archive without checksums. */
  abort(err: Error): void {
    this.pack.destroy(err);
  }
}

export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (!m || !isSafeMemberName(m[2]) || out.has(m[2])) throw new ArchiveError('checksums.sha256 is malformed');
    out.set(m[2], m[1]);
  }
  return out;
}

export type Entry = {
  name: string;
  size: number;
  /** The member's bytes; read them to the end (or call skip()) before the next entry. */
  body: AsyncIterable<Buffer>;
  /** Reads the member into memory (refused above `max` bytes). */
  buffer(max: number): Promise<Buffer>;
  skip(): Promise<void>;
  /** The SHA-256 of what was read, once the body has been read to the end. */
  sha256(): string;
};

/**
 * The members of a tar stream, one at a time (bounded memory: a member is never held unless buffer() is asked).
 * Refuses anything but regular files with safe, unique names.
 */
export async function* readArchive(input: Readable): AsyncGenerator<Entry> {
  const extract = tar.extract();
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract as never);
  const seen = new Set<string>();
  for await (const stream of extract) {
    const { name, type, size } = stream.header;
    if (type !== 'file') throw new ArchiveError(`Refusing archive member "${name}": a ${type}, not a regular file`);
    if (!isSafeMemberName(name)) throw new ArchiveError(`Refusing archive member "${name}": unsafe name`);
    if (seen.has(name)) throw new ArchiveError(`Refusing archive member "${name}": it appears twice`);
    seen.add(name);
    const hash = createHash('sha256');
    let digest: string | null = null;
    const body = (async function* () {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        yield chunk;
      }
      digest = hash.digest('hex');
    })();
    const entry: Entry = {
      name,
      size,
      body,
      async buffer(max) {
        if (size > max) throw new ArchiveError(`Archive member "${name}" is larger than expected (${size} bytes)`);
        const parts: Buffer[] = [];
        for await (const c of body) parts.push(c);
        return Buffer.concat(parts);
      },
      async skip() {
        for await (const c of body) void c;
      },
      sha256() {
        if (digest === null) throw new Error(`${name} was not read to the end`);
        return digest;
      },
    };
    yield entry;
    if (digest === null) await entry.skip();
  }
}
