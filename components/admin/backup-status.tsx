import { ActionButton } from '@/components/admin/action-form';
import { formatWhen } from '@/components/admin/ui';
import { backupNowAction } from '@/lib/actions/admin/backups';
import type { getBackupStatus } from '@/lib/dal/admin/backups';

function size(bytes: number | null): string {
  if (bytes == null) return '';
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The dashboard's backup panel (admins): the last backup, a failure if the last one failed, the schedule. */
export function BackupStatus({ status }: { status: Awaited<ReturnType<typeof getBackupStatus>> }) {
  const { last, lastGood, schedule } = status;
  return (
    <section aria-labelledby="backups-h" className="min-w-0">
      <h2 id="backups-h" className="mb-2 text-lg font-bold">
        Backups
      </h2>
      {last?.status === 'failed' ? (
        <p role="alert" className="mb-2 rounded border border-red-700 bg-red-50 px-3 py-2 text-sm">
          The last backup ({last.trigger}, {formatWhen(last.startedAt)}) failed: {last.error}
        </p>
      ) : null}
      <p className="text-sm text-stone-700">
        {lastGood ? (
          <>
            Last backup: {formatWhen(lastGood.startedAt)}
            {lastGood.bytes != null ? `, ${size(lastGood.bytes)}` : ''}
            {lastGood.file ? ` (${lastGood.file})` : ''}
          </>
        ) : (
          'No backup has been taken yet.'
        )}
      </p>
      <p className="mt-1 text-sm text-stone-700">
        {schedule
          ? `Scheduled every ${schedule.intervalHours} h, keeping ${schedule.keep}; next ${formatWhen(schedule.nextDueAt)}.`
          : 'Scheduled backups are off (set BACKUP_DIR). npm run backup takes one at any time.'}
      </p>
      {schedule ? (
        <div className="mt-2">
          <ActionButton action={backupNowAction} fields={{}} label="Back up now" />
        </div>
      ) : null}
    </section>
  );
}
