import 'server-only';
/** What the dashboard says about backups (admins only), and its "Back up now" button. */
import { getDatabase, getDb } from '@/db/client';
import { backupInto, lastRuns, nextDueAt, scheduleFromEnv } from '@/lib/backup/schedule';
import { UserError } from '@/lib/errors';
import { runInBackground } from '@/lib/mail/background';
import { recordAudit } from '../audit';
import { requireStaff } from './guard';

export async function getBackupStatus() {
  await requireStaff('backup:run');
  const schedule = scheduleFromEnv();
  const runs = await lastRuns(await getDb());
  return {
    schedule: schedule && { intervalHours: schedule.intervalHours, keep: schedule.keep, nextDueAt: nextDueAt(schedule, runs) },
    last: runs.last,
    lastGood: runs.lastGood,
  };
}

/** Starts a backup into BACKUP_DIR now (in the background; the dashboard shows how it went). */
export async function startBackupNow(): Promise<void> {
  const viewer = await requireStaff('backup:run');
  const schedule = scheduleFromEnv();
  if (!schedule)
    throw new UserError(
      'Backups have no place to go yet: set BACKUP_DIR on the server (see docs/operating.md), or run npm run backup there.',
    );
  await recordAudit({ actorId: viewer.id, action: 'backup.start', entityType: 'backup', after: { dir: schedule.dir } });
  const database = await getDatabase();
  runInBackground(async () => void (await backupInto(database, schedule.dir, 'admin', schedule.s3Objects)));
}
