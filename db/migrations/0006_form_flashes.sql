CREATE TABLE "form_flashes" (
	"id" text PRIMARY KEY NOT NULL,
	"payload" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "form_flashes_expires_idx" ON "form_flashes" USING btree ("expires_at");