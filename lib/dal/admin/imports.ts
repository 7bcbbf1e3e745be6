import 'server-only';
/**
 * Imports started from /admin/import (admins only): the uploaded export is saved under DATA_DIR/imports,
 * a dry run reports what would happen, and the admin then runs it for real. Jobs run in this server process
 * after the request that started them; their progress and report live in import_jobs, which the job page reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { dataDir, getDb } from '@/db/client';
import { importJobs } from '@/db/schema';
import { expireTags } from '@/lib/cache-expire';
import { TAGS } from '@/lib/cache-tags';
import { UserError } from '@/lib/errors';
import { importWordpress } from '@/lib/import/wordpress-import';
import { recordAudit } from '../audit';
import { requireStaff } from './guard';

export type ImportJob = typeof importJobs.$inferSelect;

/** The largest export accepted through the browser; bigger archives go through `npm run import`. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** A running job whose row has not moved for this long died with its server (restart, crash). */
const STALE_MS = 10 * 60 * 1000;

async function run(jobId: string): Promise<void> {
  const db = await getDb();
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) return;
  const touch = (set: Partial<ImportJob>) => db.update(importJobs).set({ ...set, updatedAt: new Date() }).where(eq(importJobs.id, jobId));
  await touch({ status: 'running' });
  let total = 0;
  try {
    const report = await importWordpress(job.filePath, {
      dryRun: job.dryRun,
      onTotal: async (posts) => {
        total = posts;
        await touch({ total });
      },
      onProgress: async (processed) => {
        if (processed % 10 === 0 || processed === total) await touch({ processed });
      },
    });
    await touch({ status: 'done', report: report.format(), processed: total });
    // Everything public may have changed: listings, feeds, sections, authors.
    if (!job.dryRun) await expireTags([TAGS.articles, TAGS.taxonomy, TAGS.authors, TAGS.commentCounts]);
  } catch (err) {
    await touch({ status: 'failed', error: (err as Error).message });
  }
}

/** Saves an uploaded export and starts its dry run. */
export async function startImport(input: { fileName: string; bytes: Buffer; source: 'wordpress' }): Promise<ImportJob> {
  const viewer = await requireStaff('import:run');
  if (input.bytes.length === 0) throw new UserError('Choose an export file to import.', 400, { file: ['Choose a file.'] });
  if (input.bytes.length > MAX_IMPORT_BYTES) throw new UserError('That file is larger than 200 MB: import it with `npm run import` on the server instead.', 413);
  const head = input.bytes.subarray(0, 4096).toString('utf8');
  if (!/<rss[\s>]/.test(head) || !head.includes('wordpress.org/export')) {
    throw new UserError('That file is not a WordPress export (WXR): in WordPress, use Tools → Export → All content.', 415, { file: ['Not a WordPress export.'] });
  }
  const dir = path.join(dataDir(), 'imports');
  await fs.promises.mkdir(dir, { recursive: true });
  const id = crypto.randomUUID();
  const filePath = path.join(dir, `${id}.xml`);
  await fs.promises.writeFile(filePath, input.bytes);
  const db = await getDb();
  const [job] = await db.insert(importJobs).values({
    id, source: input.source, fileName: path.basename(input.fileName).slice(0, 200) || 'export.xml', filePath, dryRun: true, createdBy: viewer.id,
  }).returning();
  await recordAudit({ actorId: viewer.id, action: 'import.upload', entityType: 'import', entityId: id, after: { fileName: job.fileName, bytes: input.bytes.length } });
  void run(job.id);
  return job;
}

/** Runs for real the import whose dry run this job was (idempotent: a second click starts nothing new). */
export async function confirmImport(dryRunJobId: string): Promise<ImportJob> {
  const viewer = await requireStaff('import:run');
  const db = await getDb();
  const job = await db.transaction(async (tx) => {
    const [dry] = await tx.select().from(importJobs).where(eq(importJobs.id, dryRunJobId)).for('update');
    if (!dry || !dry.dryRun) throw new UserError('That import does not exist.', 404);
    if (dry.status !== 'done') throw new UserError('Wait for the dry run to finish first.', 409);
    const realId = `${dry.id}-run`;
    const [existing] = await tx.select().from(importJobs).where(eq(importJobs.id, realId));
    if (existing) return { job: existing, fresh: false };
    const [created] = await tx.insert(importJobs).values({
      id: realId, source: dry.source, fileName: dry.fileName, filePath: dry.filePath, dryRun: false, total: dry.total, createdBy: viewer.id,
    }).returning();
    await recordAudit({ actorId: viewer.id, action: 'import.run', entityType: 'import', entityId: realId, after: { fileName: dry.fileName } }, tx);
    return { job: created, fresh: true };
  });
  if (job.fresh) void run(job.job.id);
  return job.job;
}

function withStaleness(job: ImportJob): ImportJob {
  const stale = (job.status === 'running' || job.status === 'queued') && Date.now() - job.updatedAt.getTime() > STALE_MS;
  return stale ? { ...job, status: 'failed', error: 'The server stopped while this import ran. Start it again: what was imported stays, nothing is duplicated.' } : job;
}

export async function getImportJob(id: string): Promise<ImportJob | null> {
  await requireStaff('import:run');
  const db = await getDb();
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return job ? withStaleness(job) : null;
}

export async function listImportJobs(): Promise<ImportJob[]> {
  await requireStaff('import:run');
  const db = await getDb();
  return (await db.select().from(importJobs).orderBy(desc(importJobs.createdAt)).limit(20)).map(withStaleness);
}
