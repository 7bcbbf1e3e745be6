'use server';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/safe-action';
import { confirmImport } from '@/lib/dal/admin/imports';
import { importJobSchema } from '@/lib/validation/admin';

/** Runs for real the import whose dry run the admin has read; its page shows the progress. */
export const confirmImportAction = action({ access: { permission: 'import:run' }, schema: importJobSchema }, async ({ jobId }) => {
  const job = await confirmImport(jobId);
  redirect(`/admin/import/${job.id}`);
});
