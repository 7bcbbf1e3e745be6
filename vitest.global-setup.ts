// Runs once per `vitest run`, before any test file: migrates the template database every file copies
// (lib/testing/template-db.ts), so no file pays for the migrations itself.
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPgliteTemplate, buildServerTemplate } from '@/lib/testing/template-db';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    await buildServerTemplate(server);
    project.provide('pgliteTemplate', '');
    return;
  }
  const file = await buildPgliteTemplate();
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
