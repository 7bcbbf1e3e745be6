-- t9-d: comment abuse controls. No schema change; one data backfill.
--
-- Unverified accounts can no longer vote, and their comments are held (or refused). Auth.js created every
-- OAuth account with email_verified = NULL, even when the provider had verified the address; from now on
-- the sign-in records the provider's word (lib/dal/oauth-verification.ts). Accounts created earlier get it
-- here where the stored Google ID token says so (email_verified = true for the account's own address).
-- GitHub stores no such flag: those accounts are marked at their next sign-in.
-- A malformed token is skipped, never fails the migration.
DO $$
DECLARE
  r record;
  payload text;
  claims jsonb;
BEGIN
  FOR r IN
    SELECT u.id AS user_id, u.email, a.id_token
    FROM users u JOIN accounts a ON a.user_id = u.id
    WHERE a.provider = 'google' AND a.id_token IS NOT NULL AND u.email_verified IS NULL AND u.deleted_at IS NULL
  LOOP
    BEGIN
      payload := translate(split_part(r.id_token, '.', 2), '-_', '+/');
      payload := rpad(payload, ((length(payload) + 3) / 4) * 4, '=');
      claims := convert_from(decode(payload, 'base64'), 'UTF8')::jsonb;
      IF claims ->> 'email_verified' = 'true' AND lower(claims ->> 'email') = lower(r.email) THEN
        UPDATE users SET email_verified = now(), updated_at = now() WHERE id = r.user_id AND email_verified IS NULL;
      END IF;
    EXCEPTION WHEN others THEN
      NULL;
    END;
  END LOOP;
END $$;
