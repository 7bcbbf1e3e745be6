import 'server-only';
/**
 * Periodic jobs of a server instance, registered from instrumentation.ts: each runs every `everyMs` on every
 * instance, as background work (db/client.ts counts its queries apart), never two runs of one job at once,
 * a failure logged and tried again at the next tick. The timers do not keep the process alive.
 */
import { asBackgroundWork } from '@/db/client';

type Job = { timer: ReturnType<typeof setInterval>; running: boolean };
const jobs: Map<string, Job> = ((globalThis as { __broadsheetJobs?: Map<string, Job> }).__broadsheetJobs ??= new Map());

/** Starts the job `name` in this process (once); its first run is `everyMs` from now. */
export function startPeriodicJob(name: string, everyMs: number, work: () => unknown): void {
  if (jobs.has(name)) return;
  const job: Job = {
    running: false,
    timer: setInterval(async () => {
      if (job.running) return;
      job.running = true;
      try {
        await asBackgroundWork(work);
      } catch (err) {
        console.error(`${name} failed`, (err as Error).message);
      } finally {
        job.running = false;
      }
    }, everyMs),
  };
  job.timer.unref?.();
  jobs.set(name, job);
}
