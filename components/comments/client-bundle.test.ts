/**
 * Guards the anonymous reader's JavaScript: nothing the comment components ship to the browser may reach
 * zod (30 KB gzip). Walks the static imports of every 'use client' module in components/comments; modules
 * marked 'use server' are only references in the browser, and type-only imports vanish.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'components/comments');

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith('@/')
    ? path.join(root, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const f of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(f) && fs.statSync(f).isFile()) return f;
  return null;
}

/** The chain of modules from `file` to an import of `pkg`, or null. */
function reaches(file: string, pkg: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8');
  if (/^\s*['"]use server['"]/.test(src)) return null;
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    if (m[1]) continue;
    const spec = m[2] ?? m[3];
    if (spec === pkg || spec.startsWith(`${pkg}/`)) return [file, spec];
    const next = resolve(file, spec);
    const chain = next && reaches(next, pkg, seen);
    if (chain) return [file, ...chain];
  }
  return null;
}

/** The 'use client' modules a server module imports, directly or through other server modules. */
function clientBoundaries(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8');
  if (/^\s*['"]use client['"]/.test(src)) return [file];
  const found: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    const next = !m[1] && resolve(file, m[2] ?? m[3]);
    if (next) found.push(...clientBoundaries(next, seen));
  }
  return found;
}

const clientModules = fs
  .readdirSync(dir)
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
  .map((f) => path.join(dir, f))
  .filter((f) => /^\s*['"]use client['"]/.test(fs.readFileSync(f, 'utf8')));

describe('comment components in the browser', () => {
  it('finds the client modules', () => {
    expect(clientModules.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['comment-form.tsx', 'vote-buttons.tsx', 'comments-enhancer.tsx']),
    );
  });
  it.each(clientModules.map((f) => [path.basename(f), f]))('%s does not pull zod into the bundle', (_name, file) => {
    expect(reaches(file, 'zod')?.map((f) => path.relative(root, f))).toBeUndefined();
  });
});

describe('zod in the browser', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) files.push(p);
    }
  };
  walk(path.join(root, 'components'));
  walk(path.join(root, 'app'));
  const clients = files.filter((f) => /^\s*['"]use client['"]/.test(fs.readFileSync(f, 'utf8')));

  it('is not loaded on every page: no client component the root layout renders reaches it', () => {
    const layoutClients = clientBoundaries(path.join(root, 'app/layout.tsx'));
    // The walk must find the layout's client components (the header's), or this test proves nothing.
    expect(layoutClients.length).toBeGreaterThan(0);
    for (const f of layoutClients)
      expect(
        reaches(f, 'zod')?.map((x) => path.relative(root, x)),
        path.relative(root, f),
      ).toBeUndefined();
  });
  it('comes only through lib/validation/zod.ts, which turns off its eval probe (CSP)', () => {
    for (const f of clients) {
      const chain = reaches(f, 'zod');
      if (chain) expect(path.relative(root, chain.at(-2)!), path.relative(root, f)).toBe('lib/validation/zod.ts');
    }
    expect(clients.length).toBeGreaterThan(10);
  });
});
