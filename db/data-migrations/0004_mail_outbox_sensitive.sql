-- The data part of migration 0004_mail_outbox_sensitive (copied there verbatim), kept alone so
-- lib/dal/mail-outbox.test.ts can run it. Stops mail_outbox leaking secrets stored before the fix. Idempotent.

-- 1. Mail that carries a secret link (reset, verification, change of address, magic-link sign-in, pledge
--    view/cancel, one-click unsubscribe) is marked sensitive, judged by its content.
UPDATE mail_outbox
SET sensitive = true
WHERE sensitive = false
  AND (
    text ~* 'https?://[^[:space:]]*([?&](token|t|code)=|/api/auth/callback/|/pledges/[^/[:space:]]+/[^/[:space:]]+|/unsubscribe)'
    OR coalesce(html, '') ~* 'https?://[^[:space:]"]*([?&](amp;)?(token|t|code)=|/api/auth/callback/|/pledges/[^/[:space:]"]+/[^/[:space:]"]+|/unsubscribe)'
    OR coalesce(headers::text, '') ~* 'list-unsubscribe'
  );

-- 2. Mail already sent over SMTP keeps delivery metadata only (to, subject, transport, times, error).
-- 3. Sensitive mail keeps no body anywhere: its link has been delivered (or printed in the server log).
UPDATE mail_outbox
SET text = '', html = NULL, headers = NULL
WHERE (transport = 'smtp' OR sensitive)
  AND (text <> '' OR html IS NOT NULL OR headers IS NOT NULL);
