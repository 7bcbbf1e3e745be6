import { smtpConfigured } from '@/lib/dal/mail-outbox';

/** Shown on every outbox page: why the outbox exists, and what production must do instead. */
export function OutboxNotice() {
  if (smtpConfigured()) {
    return (
      <p role="note" className="rounded border border-stone-300 bg-stone-50 p-3 text-sm">
        Mail is delivered over SMTP (<code>SMTP_URL</code> is set): only delivery records are kept here (recipient, subject, times, errors),
        never the messages themselves.
      </p>
    );
  }
  return (
    <p role="note" className="rounded border border-amber-500 bg-amber-50 p-3 text-sm">
      This outbox exists only because no SMTP server is configured (<code>SMTP_URL</code> is unset): mail is not delivered, it is printed in
      the server log and kept here for development. Production must set <code>SMTP_URL</code>. Links that act for their addressee (password
      reset, verification, sign-in, cancel) are hidden here unless the mail is addressed to you.
    </p>
  );
}
