import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '@/db/client';
import { importJobs } from '@/db/schema';
import type { AuthzRows } from './authz-types';

/** A finished dry run of an export that holds no items (running it for real imports nothing). */
async function finishedDryRun(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-import-authz-'));
  const filePath = path.join(dir, 'empty.xml');
  fs.writeFileSync(
    filePath,
    '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://authz.example</link></channel></rss>',
  );
  const db = await getDb();
  const id = randomUUID();
  await db
    .insert(importJobs)
    .values({ id, source: 'wordpress', fileName: 'empty.xml', filePath, dryRun: true, status: 'done', total: 0, report: 'Dry run' });
  return id;
}

export const rows: AuthzRows = {
  // Imports write articles, accounts and comments in bulk: admins only.
  confirmImportAction: { allowed: ['admin'], fields: async () => ({ jobId: await finishedDryRun() }) },
};
