'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/state';
import { confirmImport } from '@/lib/dal/admin/imports';
import { adminAction } from './_shared';

const jobSchema = z.object({ jobId: z.string().trim().min(1).max(80) });

/** Runs for real the import whose dry run the admin has read; its page shows the progress. */
export async function confirmImportAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, jobSchema, { permission: 'import:run' }, async ({ jobId }) => {
    const job = await confirmImport(jobId);
    redirect(`/admin/import/${job.id}`);
  });
}
