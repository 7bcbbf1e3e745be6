-- The data part of migration 0001_pledge_trust (copied there verbatim), kept alone so lib/dal/pledges.test.ts can run it
-- in a rolled-back transaction. Pledges that trolls cannot inflate.
--
-- Existing pledges that count from now on: received ones, pledges made by a signed-in account whose
-- verified address is the pledge's address, and the seeded demo pledges (keys 'seed-...'), so the demo
-- campaign keeps its totals. Every other existing pledge (a guest's, never confirmed) stops counting
-- until its pledger confirms or staff mark it received.
UPDATE "pledges" p
SET "confirmed_at" = coalesce(p."received_at", p."created_at")
WHERE p."confirmed_at" IS NULL
  AND (
    p."status" = 'received'
    OR p."idempotency_key" LIKE 'seed-%'
    OR EXISTS (
      SELECT 1 FROM "users" u
      WHERE u."id" = p."user_id" AND u."email_verified" IS NOT NULL AND lower(u."email") = lower(p."email")
    )
  );
--> statement-breakpoint
-- Donor-wall messages of pledges that count were already public: keep them published. Messages of
-- unconfirmed guest pledges wait for staff like new ones.
UPDATE "pledges"
SET "message_status" = 'approved'
WHERE "message_status" = 'pending' AND "message" <> '' AND "confirmed_at" IS NOT NULL AND "status" <> 'cancelled';
