CREATE TYPE "public"."live_event_kind" AS ENUM('comment', 'edit', 'delete', 'remove', 'pin');--> statement-breakpoint
CREATE TABLE "comment_live_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comment_live_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"article_id" text NOT NULL,
	"comment_id" bigint NOT NULL,
	"kind" "live_event_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_live_events" ADD CONSTRAINT "comment_live_events_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_live_events_article_idx" ON "comment_live_events" USING btree ("article_id","id");--> statement-breakpoint
CREATE INDEX "comment_live_events_created_idx" ON "comment_live_events" USING btree ("created_at");