import 'server-only';
/**
 * Deletes expired form results (form_flashes rows, lib/dal/form-flashes.ts) every minute on every server
 * instance, registered from instrumentation.ts: a row lives 20 seconds (lib/actions/form-flash.ts) for the page render that
 * follows a post without JavaScript, and no longer, whether or not anyone posts again.
 */
import { deleteExpiredFormFlashes } from '@/lib/dal/form-flashes';
import { startPeriodicJob } from './periodic';

export const SWEEP_EVERY_MS = 60_000;

export function startFormFlashSweep(): void {
  startPeriodicJob('form flash sweep', SWEEP_EVERY_MS, () => deleteExpiredFormFlashes());
}
