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
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { UserError } from '@/lib/errors';
import { runInBackground } from '@/lib/mail/background';
import { importDisqus } from '@/lib/import/disqus';
import { importGhost } from '@/lib/import/ghost';
import { importGivewp } from '@/lib/import/givewp';
import { importWordpress } from '@/lib/import/wordpress-import';
import { recordAudit } from '../audit';
import { requireStaff } from './guard';

export type ImportJob = typeof importJobs.$inferSelect;

export const IMPORT_SOURCES = {
  wordpress: {
    label: 'WordPress export (WXR, .xml)',
    ext: 'xml',
    unit: 'posts',
    looksRight: (head: string) => /<rss[\s>]/.test(head) && head.includes('wordpress.org/export'),
    hint: 'In WordPress: Tools → Export → All content.',
  },
  disqus: {
    label: 'Disqus comments (.xml)',
    ext: 'xml',
    unit: 'comments',
    looksRight: (head: string) => /<disqus[\s>]/.test(head),
    hint: 'In Disqus: Moderate → Export. Import the site first, so the comments find their articles.',
  },
  ghost: {
    label: 'Ghost export (.json)',
    ext: 'json',
    unit: 'posts',
    looksRight: (head: string) => /^\s*\{/.test(head) && head.includes('"db"'),
    hint: 'In Ghost: Settings → Advanced → Import/Export → Export content.',
  },
  givewp: {
    label: 'GiveWP donations (.csv)',
    ext: 'csv',
    unit: 'donations',
    looksRight: (head: string) => /donation/i.test(head.split('\n')[0] ?? ''),
    hint: 'In GiveWP: Donations → Tools → Export → Donations.',
  },
} as const;
export type ImportSource = keyof typeof IMPORT_SOURCES;

/** The largest export accepted through the browser; bigger archives go through `npm run import`. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** A running job whose row has not moved for this long died with its server (restart, crash). */
const STALE_MS = 10 * 60 * 1000;

async function run(jobId: string): Promise<void> {
  const db = await getDb();
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) return;
  const touch = (set: Partial<ImportJob>) =>
    db
      .update(importJobs)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(importJobs.id, jobId));
  await touch({ status: 'running' });
  let total = 0;
  try {
    const onProgress = async (processed: number) => {
      if (processed % 10 === 0 || processed === total) await touch({ processed });
    };
    const source = job.source as ImportSource;
    const report =
      source === 'wordpress'
        ? await importWordpress(job.filePath, {
            dryRun: job.dryRun,
            onProgress,
            onTotal: async (posts) => {
              total = posts;
              await touch({ total });
            },
          })
        : source === 'disqus'
          ? await importDisqus(job.filePath, { dryRun: job.dryRun, onProgress })
          : source === 'ghost'
            ? await importGhost(job.filePath, { dryRun: job.dryRun, onProgress })
            : await importGivewp(job.filePath, { dryRun: job.dryRun, onProgress });
    total ||= job.total ?? 0;
    await touch({ status: 'done', report: report.format(), ...(total ? { processed: total, total } : {}) });
    // Everything public may have changed: listings, feeds, sections, authors.
    if (!job.dryRun)
      await invalidate([TAGS.articles, TAGS.taxonomy, TAGS.authors, TAGS.commentCounts, TAGS.campaigns, ...touchedThreads(report)]);
  } catch (err) {
    await touch({ status: 'failed', error: (err as Error).message });
  }
}

/** The cache tags of each article page the import changed (its text or its comments). */
function touchedThreads(report: { touchedArticles: Set<string> }): string[] {
  return [...report.touchedArticles].flatMap((id) => [TAGS.article(id), TAGS.comments(id)]);
}

/** Saves an uploaded export and starts its dry run. */
export async function startImport(input: { fileName: string; bytes: Buffer; source: ImportSource }): Promise<ImportJob> {
  const viewer = await requireStaff('import:run');
  if (input.bytes.length === 0) throw new UserError('Choose an export file to import.', 400, { file: ['Choose a file.'] });
  if (input.bytes.length > MAX_IMPORT_BYTES)
    throw new UserError('That file is larger than 200 MB: import it with `npm run import` on the server instead.', 413);
  const kind = IMPORT_SOURCES[input.source];
  if (!kind) throw new UserError('Choose what the file is.', 400);
  const head = input.bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (!kind.looksRight(head))
    throw new UserError(`That file is not a ${kind.label}. ${kind.hint}`, 415, { file: ['Not that kind of file.'] });
  const dir = path.join(dataDir(), 'imports');
  await fs.promises.mkdir(dir, { recursive: true });
  const id = crypto.randomUUID();
  const filePath = path.join(dir, `${id}.${kind.ext}`);
  await fs.promises.writeFile(filePath, input.bytes);
  const db = await getDb();
  const [job] = await db
    .insert(importJobs)
    .values({
      id,
      source: input.source,
      fileName: path.basename(input.fileName).slice(0, 200) || 'export.xml',
      filePath,
      dryRun: true,
      createdBy: viewer.id,
    })
    .returning();
  await recordAudit({
    actorId: viewer.id,
    action: 'import.upload',
    entityType: 'import',
    entityId: id,
    after: { fileName: job.fileName, bytes: input.bytes.length },
  });
  // After the response (Next's after()), tracked so tests and a graceful shutdown can wait for it.
  runInBackground(() => run(job.id));
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
    const [created] = await tx
      .insert(importJobs)
      .values({
        id: realId,
        source: dry.source,
        fileName: dry.fileName,
        filePath: dry.filePath,
        dryRun: false,
        total: dry.total,
        createdBy: viewer.id,
      })
      .returning();
    await recordAudit(
      { actorId: viewer.id, action: 'import.run', entityType: 'import', entityId: realId, after: { fileName: dry.fileName } },
      tx,
    );
    return { job: created, fresh: true };
  });
  if (job.fresh) runInBackground(() => run(job.job.id));
  return job.job;
}

function withStaleness(job: ImportJob): ImportJob {
  const stale = (job.status === 'running' || job.status === 'queued') && Date.now() - job.updatedAt.getTime() > STALE_MS;
  return stale
    ? {
        ...job,
        status: 'failed',
        error: 'The server stopped while this import ran. Start it again: what was imported stays, nothing is duplicated.',
      }
    : job;
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
