/**
 * Scheduled backups in the running app (off unless BACKUP_DIR is set): every BACKUP_INTERVAL_HOURS a backup
 * into BACKUP_DIR, keeping the newest BACKUP_KEEP. Every instance runs the timer; a tick does the work only
 * while it holds an advisory lock, and only when backup_runs (shared by all instances) says the last good
 * backup is older than the interval, so exactly one instance takes each backup. A failure is recorded (the
 * dashboard shows it), logged, and retried after a quarter of the interval (at most an hour).
 *
 * Runs are recorded when they end, never while they run: a backup never contains its own "running" row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { asBackgroundWork, getDatabase, type Database, type DbOrTx } from '@/db/client';
import { backupRuns } from '@/db/schema';
import { now as clockNow } from '@/lib/clock';
import { parseEnv } from '@/lib/env';
import { BACKUP_FILE_PATTERN, backupFileName, backupToFile } from './backup';

/** pg_try_advisory_lock key of the scheduled backup (the migrations use 727274). */
export const BACKUP_LOCK_KEY = 727275;
const CHECK_EVERY_MS = 60_000;

export type BackupSchedule = { dir: string; intervalHours: number; keep: number; s3Objects: boolean };
export type BackupRun = typeof backupRuns.$inferSelect;
export type Trigger = 'schedule' | 'cli' | 'admin';

/** The schedule from the environment, or null when scheduled backups are off (no BACKUP_DIR). */
export function scheduleFromEnv(source: Record<string, string | undefined> = process.env): BackupSchedule | null {
  const env = parseEnv(source);
  if (!env.BACKUP_DIR) return null;
  return {
    dir: path.resolve(/*turbopackIgnore: true*/ env.BACKUP_DIR),
    intervalHours: env.BACKUP_INTERVAL_HOURS,
    keep: env.BACKUP_KEEP,
    s3Objects: env.BACKUP_S3_OBJECTS === '1',
  };
}

export async function recordRun(db: DbOrTx, run: Omit<typeof backupRuns.$inferInsert, 'id'>): Promise<BackupRun> {
  const [row] = await db.insert(backupRuns).values(run).returning();
  return row;
}

export async function lastRuns(db: DbOrTx): Promise<{ last: BackupRun | null; lastGood: BackupRun | null }> {
  const [last] = await db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt), desc(backupRuns.id)).limit(1);
  const [lastGood] = await db
    .select()
    .from(backupRuns)
    .where(eq(backupRuns.status, 'done'))
    .orderBy(desc(backupRuns.startedAt), desc(backupRuns.id))
    .limit(1);
  return { last: last ?? null, lastGood: lastGood ?? null };
}

/** When the next scheduled backup is due, from the last runs. */
export function nextDueAt(s: BackupSchedule, runs: { last: BackupRun | null; lastGood: BackupRun | null }): Date {
  const interval = s.intervalHours * 3_600_000;
  const fromGood = runs.lastGood ? runs.lastGood.startedAt.getTime() + interval : 0;
  const retry = runs.last && runs.last.status === 'failed' ? runs.last.startedAt.getTime() + Math.min(interval / 4, 3_600_000) : 0;
  return new Date(Math.max(fromGood, retry));
}

/** Deletes the oldest of our own backup files in `dir` beyond `keep` (never any other file). */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => BACKUP_FILE_PATTERN.test(f))
    .sort();
  const gone = files.slice(0, Math.max(0, files.length - keep));
  for (const f of gone) fs.rmSync(path.join(dir, f), { force: true });
  return gone;
}

/** One backup into `dir`, recorded in backup_runs whatever happens; returns the run. */
export async function backupInto(database: Database, dir: string, trigger: Trigger, s3Objects = false): Promise<BackupRun> {
  const startedAt = clockNow();
  const file = path.join(dir, backupFileName(startedAt));
  try {
    fs.mkdirSync(dir, { recursive: true });
    const result = await backupToFile(file, { database, s3Objects, tmpDir: dir });
    return await recordRun(database.db, {
      trigger,
      status: 'done',
      file: path.basename(file),
      bytes: result.bytes,
      startedAt,
      finishedAt: clockNow(),
    });
  } catch (err) {
    const message = (err as Error).message.slice(0, 2000);
    console.error(`[backup] ${trigger} backup into ${dir} failed: ${message}`);
    return recordRun(database.db, {
      trigger,
      status: 'failed',
      file: path.basename(file),
      error: message,
      startedAt,
      finishedAt: clockNow(),
    });
  }
}

export type TickResult = { ran: false; reason: 'off' | 'locked' | 'not-due' } | { ran: true; run: BackupRun; pruned: string[] };

/** One tick of the scheduler: a backup if one is due and this instance holds the lock. */
export async function backupTick(database?: Database, s: BackupSchedule | null = scheduleFromEnv()): Promise<TickResult> {
  if (!s) return { ran: false, reason: 'off' };
  const db = database ?? (await getDatabase());
  const outcome = await db.tryLock(BACKUP_LOCK_KEY, async (): Promise<TickResult> => {
    if (nextDueAt(s, await lastRuns(db.db)).getTime() > clockNow().getTime()) return { ran: false, reason: 'not-due' };
    const run = await backupInto(db, s.dir, 'schedule', s.s3Objects);
    const pruned = run.status === 'done' ? pruneBackups(s.dir, s.keep) : [];
    return { ran: true, run, pruned };
  });
  return outcome.locked ? outcome.value : { ran: false, reason: 'locked' };
}

type JobState = { timer: NodeJS.Timeout | null; stopped: boolean };
const STATE = Symbol.for('broadsheet.backup-job');
function state(): JobState {
  const g = globalThis as { [STATE]?: JobState };
  return (g[STATE] ??= { timer: null, stopped: true });
}

/** Starts the scheduler in this process (instrumentation.ts), when BACKUP_DIR is set. */
export function startBackupJob(): void {
  const s = state();
  const schedule = scheduleFromEnv();
  if (!s.stopped || !schedule) return;
  s.stopped = false;
  console.log(`[backup] scheduled backups into ${schedule.dir} every ${schedule.intervalHours} h, keeping ${schedule.keep}`);
  const loop = async () => {
    try {
      await asBackgroundWork(() => backupTick());
    } catch (err) {
      console.error(`[backup] scheduler tick failed: ${(err as Error).message}`);
    }
    if (!s.stopped) {
      s.timer = setTimeout(() => void loop(), CHECK_EVERY_MS);
      s.timer.unref();
    }
  };
  s.timer = setTimeout(() => void loop(), 1_000);
  s.timer.unref();
}

export function stopBackupJob(): void {
  const s = state();
  s.stopped = true;
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
}
