/**
 * For vitest: a real SMTP server (smtp-server) on a free port that keeps what it receives, parsed (mailparser),
 * as the addressee would read it. `mails` is filled in place (empty it between tests with `mails.length = 0`).
 * The e2e run has its own, reachable from other processes: e2e/support/mail-server.ts.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type InboxMail = { to: string[]; subject: string; text: string };

export async function startSmtpInbox(): Promise<{ port: number; url: string; mails: InboxMail[]; close(): Promise<void> }> {
  const mails: InboxMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      simpleParser(stream).then((m) => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: m.subject ?? '', text: m.text ?? '' });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as { port: number }).port;
  return { port, url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}
