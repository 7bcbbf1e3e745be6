/**
 * Migrated template databases for vitest (used by vitest.global-setup.ts and vitest.setup.ts): the
 * migrations run once per `vitest run`, and every test file starts from a copy instead of migrating its own.
 *   PGlite: a migrated in-memory database dumped to a tarball; each file's PGlite opens it (PGLITE_TEMPLATE,
 *     read by db/client.ts).
 *   Server (TEST_DATABASE_URL): a database `<name>_template`; each file gets `create database <name>_f<id>
 *     template <name>_template` of its own, so server files run in parallel too, and drops it at the end.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function baseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** An admin connection to the server's maintenance database (create/drop database cannot run inside the target). */
function admin(url: string) {
  return postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
}

/** Migrates an in-memory PGlite and writes its data directory to a file; returns the file's path. */
export async function buildPgliteTemplate(): Promise<string> {
  const { openDatabase } = await import('@/db/client');
  const database = await openDatabase({ pgliteDir: 'memory://' });
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-pglite-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

/** (Re)creates `<name>_template` on the server, migrated, and drops copies a crashed run left behind. */
export async function buildServerTemplate(url: string): Promise<string> {
  const base = baseName(url);
  const template = `${base}_template`;
  const sql = admin(url);
  try {
    const stale = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${base}\\_f%`}`;
    for (const { datname } of stale) await sql.unsafe(`drop database if exists ${ident(datname)} with (force)`);
    await sql.unsafe(`drop database if exists ${ident(template)} with (force)`);
    await sql.unsafe(`create database ${ident(template)}`);
  } finally {
    await sql.end();
  }
  const { openDatabase } = await import('@/db/client');
  const database = await openDatabase({ url: withDatabase(url, template) });
  await database.close();
  return template;
}

/** A fresh copy of the template for one test file; returns its URL and a function that drops it. */
export async function copyServerTemplate(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = baseName(url);
  const name = `${base}_f${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const sql = admin(url);
  try {
    await sql.unsafe(`create database ${ident(name)} template ${ident(`${base}_template`)}`);
  } finally {
    await sql.end();
  }
  return {
    url: withDatabase(url, name),
    async drop() {
      const s = admin(url);
      try {
        await s.unsafe(`drop database if exists ${ident(name)} with (force)`);
      } finally {
        await s.end();
      }
    },
  };
}
