/**
 * Where media files live (covers, uploads, avatars), addressed by key ("uploads/2026/11/<id>-640.webp").
 *
 * Default: the local disk under DATA_DIR/media. With S3_BUCKET set: an S3-compatible bucket (AWS S3,
 * Cloudflare R2, MinIO, Backblaze B2…) at S3_ENDPOINT, path-style, signed with SigV4 by aws4fetch. Either
 * way the app serves the files itself at /media/<key> (app/media/[...key]/route.ts), so URLs stay the
 * same when storage moves and the bucket can stay private.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import { dataDir } from '@/db/client';
import { decodeXML } from 'entities';

export type StoredFile = { data: Uint8Array; type: string };

export interface MediaStore {
  readonly kind: 'disk' | 's3';
  put(key: string, data: Uint8Array, type: string): Promise<void>;
  /** The file, or null when there is none under that key. */
  get(key: string): Promise<StoredFile | null>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Every stored file, one at a time (backups); keys that are not safe keys are left out. */
  list(): AsyncIterable<{ key: string; size: number }>;
}

const TYPES: Record<string, string> = { '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** The content type a key's extension stands for. */
export function mediaType(key: string): string {
  return TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/** Keys are relative paths of safe segments; anything else (.., absolute, odd characters) is refused. */
export function isSafeKey(key: string): boolean {
  return /^[\w-]+(\/[\w.-]+)*$/.test(key) && !key.split('/').some((s) => s === '..' || s === '.') && key.length <= 300;
}

function assertKey(key: string) {
  if (!isSafeKey(key)) throw new Error(`Invalid media key: ${key}`);
}

export function diskStore(root: string): MediaStore {
  const file = (key: string) => {
    assertKey(key);
    return path.join(root, key);
  };
  return {
    kind: 'disk',
    async put(key, data) {
      const f = file(key);
      await fs.mkdir(path.dirname(f), { recursive: true });
      await fs.writeFile(f, data);
    },
    async get(key) {
      try {
        const data = await fs.readFile(file(key));
        return { data: new Uint8Array(data), type: mediaType(key) };
      } catch {
        return null;
      }
    },
    async exists(key) {
      return fs.access(file(key)).then(
        () => true,
        () => false,
      );
    },
    async remove(key) {
      await fs.rm(file(key), { force: true });
    },
    async *list() {
      async function* walk(dir: string, prefix: string): AsyncGenerator<{ key: string; size: number }> {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await fs.readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
          const key = prefix ? `${prefix}/${e.name}` : e.name;
          if (e.isDirectory()) yield* walk(path.join(dir, e.name), key);
          else if (e.isFile() && isSafeKey(key)) yield { key, size: (await fs.stat(path.join(dir, e.name))).size };
        }
      }
      yield* walk(root, '');
    },
  };
}

export type S3Config = { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };

export function s3Store(config: S3Config): MediaStore {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: 's3',
  });
  const url = (key: string) => {
    assertKey(key);
    return `${config.endpoint.replace(/\/$/, '')}/${encodeURIComponent(config.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  };
  async function send(method: string, key: string, init: RequestInit = {}): Promise<Response> {
    const res = await client.fetch(url(key), { method, ...init });
    if (!res.ok && res.status !== 404) {
      const text = await res.text().catch(() => '');
      throw new Error(`S3 ${method} ${key} failed: ${res.status} ${text.slice(0, 200)}`);
    }
    return res;
  }
  return {
    kind: 's3',
    async put(key, data, type) {
      await send('PUT', key, { body: new Blob([data as Uint8Array<ArrayBuffer>], { type }), headers: { 'content-type': type } });
    },
    async get(key) {
      const res = await send('GET', key);
      if (res.status === 404) return null;
      return { data: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') ?? 'application/octet-stream' };
    },
    async exists(key) {
      return (await send('HEAD', key)).ok;
    },
    async remove(key) {
      await send('DELETE', key);
    },
    async *list() {
      const base = `${config.endpoint.replace(/\/$/, '')}/${encodeURIComponent(config.bucket)}`;
      let token: string | null = null;
      do {
        const qs = new URLSearchParams({ 'list-type': '2', 'max-keys': '1000' });
        if (token) qs.set('continuation-token', token);
        const res = await client.fetch(`${base}?${qs}`);
        const xml = await res.text();
        if (!res.ok) throw new Error(`S3 list failed: ${res.status} ${xml.slice(0, 200)}`);
        for (const [, body] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
          const key = xmlText(/<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? '');
          const size = Number(/<Size>(\d+)<\/Size>/.exec(body)?.[1] ?? 0);
          if (isSafeKey(key)) yield { key, size };
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? xmlText(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '')
          : null;
      } while (token);
    },
  };
}

const xmlText = decodeXML;

/** S3 settings from the environment, or null to use the disk. */
export function s3ConfigFromEnv(env: Record<string, string | undefined> = process.env): S3Config | null {
  if (!env.S3_BUCKET) return null;
  const missing = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`S3_BUCKET is set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not.`);
  return {
    endpoint: env.S3_ENDPOINT!,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
  };
}

/** The media store this process uses (read from the environment each call: cheap, and tests can switch). */
export function mediaStore(): MediaStore {
  const s3 = s3ConfigFromEnv();
  return s3 ? s3Store(s3) : diskStore(path.join(dataDir(), 'media'));
}
