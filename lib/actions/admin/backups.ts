'use server';
import { z } from 'zod';
import { action } from '@/lib/actions/safe-action';
import { startBackupNow } from '@/lib/dal/admin/backups';

/** The dashboard's "Back up now": a backup into BACKUP_DIR, taken in the background (admins only). */
export const backupNowAction = action({ access: { permission: 'backup:run' }, schema: z.object({}) }, async () => {
  await startBackupNow();
  return { ok: true, message: 'Backup started: reload the dashboard in a moment to see how it went.' };
});
