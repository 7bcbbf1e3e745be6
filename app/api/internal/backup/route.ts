import os from 'node:os';
import { getDatabase } from '@/db/client';
import { ArchiveWriter } from '@/lib/backup/archive';
import { writeBackup } from '@/lib/backup/backup';
import { acceptBackupToken } from '@/lib/backup/cli-token';
import { recordRun } from '@/lib/backup/schedule';
import { now as clockNow } from '@/lib/clock';

/**
 * POST /api/internal/backup: the whole backup archive, streamed, for `npm run backup` when this app has the
 * PGlite data directory open (no other process may open it). Not for browsers: only the command's bearer
 * token (lib/backup/cli-token.ts: AUTH_SECRET, fresh, single use) is accepted, never a session, because a
 * backup holds what no account may download (password hashes, tokens, the mail outbox).
 */
export async function POST(req: Request) {
  const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!acceptBackupToken(process.env.AUTH_SECRET, token))
    return Response.json({ ok: false, message: 'A backup needs the command-line token (npm run backup).' }, { status: 401 });
  const s3Objects = new URL(req.url).searchParams.get('s3Objects') === '1';
  const database = await getDatabase();
  const writer = new ArchiveWriter();
  const startedAt = clockNow();
  let bytes = 0;
  const work = writeBackup(writer, { database, s3Objects, tmpDir: os.tmpdir() });
  work.catch(async (err: Error) => {
    writer.abort(err);
    console.error(`[backup] command-line backup failed: ${err.message}`);
    await recordRun(database.db, {
      trigger: 'cli',
      status: 'failed',
      error: err.message.slice(0, 2000),
      startedAt,
      finishedAt: clockNow(),
    });
  });
  const chunks = writer.readable[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (!done) {
          bytes += value.byteLength;
          controller.enqueue(value);
          return;
        }
        await work;
        await recordRun(database.db, { trigger: 'cli', status: 'done', bytes, startedAt, finishedAt: clockNow() });
        controller.close();
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      writer.abort(new Error('the command stopped reading'));
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'application/x-tar', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' },
  });
}
