-- Rich-text article editor. No schema change; one data conversion.
--
-- articles.body already holds what every old source rendered to: the Markdown renderer's output, run
-- through the article sanitizer (or the seed's hand-written HTML, which uses the same tags). That HTML is
-- the new editor source, so the editor opens each article as readers see it and a save changes nothing
-- but what the editor changed. Revisions get the same treatment, so a restore puts back what was read.
UPDATE "articles" SET "body_source" = "body" WHERE "body_source" IS DISTINCT FROM "body";
--> statement-breakpoint
UPDATE "article_revisions" SET "body_source" = "body" WHERE "body_source" IS DISTINCT FROM "body";
