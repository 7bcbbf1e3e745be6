CREATE TABLE "revoked_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signin_throttle" (
	"account" text NOT NULL,
	"client" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "signin_throttle_account_client_pk" PRIMARY KEY("account","client")
);
--> statement-breakpoint
ALTER TABLE "revoked_sessions" ADD CONSTRAINT "revoked_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revoked_sessions_expires_idx" ON "revoked_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "signin_throttle_expires_idx" ON "signin_throttle" USING btree ("expires_at");--> statement-breakpoint
-- Data: the old design's per-account sign-in locks ("signinAccount:<email>", 5 failures -> 15 minutes, which
-- trolls used to lock owners out) and the shared "unknown IP" sign-in bucket are no longer how sign-in is
-- throttled: release whatever they still hold. signinIp rows keep counting under the new limit.
DELETE FROM rate_limits WHERE key LIKE 'signinAccount:%' OR key LIKE 'signinUnknownIp:%';
-- Sessions issued before this change carry no session id; signing one out ends every session of that user
-- (session version bumped), so nothing needs backfilling.
