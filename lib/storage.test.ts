/**
 * Media storage against the local disk and against a real S3-compatible server (s3rver, in-process,
 * speaking the S3 REST API with SigV4 signatures): uploads are stored, served at /media/<key> and removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImageUpload, removeMediaFiles } from '@/lib/media';
import { mediaStore, s3ConfigFromEnv } from '@/lib/storage';
import { GET as serveMedia } from '@/app/media/[...key]/route';

const png = () =>
  sharp({ create: { width: 900, height: 500, channels: 3, background: '#b91c1c' } })
    .png()
    .toBuffer();
const serve = (key: string) =>
  serveMedia(new Request(`http://localhost/media/${key}`), { params: Promise.resolve({ key: key.split('/') }) });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-storage-'));
const saved = { ...process.env };
afterAll(() => {
  for (const k of ['S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'DATA_DIR']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('media on the local disk (default)', () => {
  it('stores the variants under DATA_DIR/media, serves and removes them', async () => {
    process.env.DATA_DIR = path.join(tmp, 'data');
    delete process.env.S3_BUCKET;
    expect(mediaStore().kind).toBe('disk');
    const image = await processImageUpload(await png());
    expect(image.variants.map((v) => v.width)).toEqual([320, 640, 900]);
    expect(fs.existsSync(path.join(tmp, 'data', 'media', image.key))).toBe(true);
    // What a backup reads: every stored file with its size.
    const listed = [];
    for await (const f of mediaStore().list()) listed.push(f);
    expect(listed.map((f) => f.key).sort()).toEqual(image.variants.map((v) => v.path).sort());
    expect(listed.every((f) => f.size > 0)).toBe(true);
    const res = await serve(image.key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    await removeMediaFiles(image.variants);
    expect((await serve(image.key)).status).toBe(404);
    expect((await serve('../../etc/passwd.png')).status).toBe(404);
  });
});

describe('media in an S3-compatible bucket', () => {
  let server: S3rver;
  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(tmp, 's3'),
      configureBuckets: [{ name: 'media', configs: [] }],
    });
    const { port } = await server.run();
    Object.assign(process.env, {
      S3_BUCKET: 'media',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      DATA_DIR: path.join(tmp, 'data-s3'),
    });
  });
  afterAll(() => server?.close());

  it('puts every variant in the bucket, serves them at /media/<key>, removes them', async () => {
    expect(mediaStore().kind).toBe('s3');
    const image = await processImageUpload(await png());
    const stored = await mediaStore().get(image.key);
    expect(stored?.type).toBe('image/webp');
    expect((await sharp(Buffer.from(stored!.data)).metadata()).width).toBe(900);
    // Nothing went to the disk.
    expect(fs.existsSync(path.join(tmp, 'data-s3', 'media', image.key))).toBe(false);
    // What a backup reads: the bucket's object list (ListObjectsV2), with sizes.
    const listed = [];
    for await (const f of mediaStore().list()) listed.push(f);
    expect(listed.map((f) => f.key).sort()).toEqual(image.variants.map((v) => v.path).sort());
    expect(listed.find((f) => f.key === image.key)?.size).toBe(stored!.data.byteLength);
    const res = await serve(image.key);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(stored!.data))).toBe(true);
    await removeMediaFiles(image.variants);
    expect(await mediaStore().get(image.key)).toBeNull();
    expect((await serve(image.key)).status).toBe(404);
  });

  it('says which setting is missing', () => {
    expect(() => s3ConfigFromEnv({ S3_BUCKET: 'media' })).toThrow(/S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are not/);
  });
});
