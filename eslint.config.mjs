// ESLint: Next's own rules (core web vitals, React hooks, accessibility) and its TypeScript preset.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Next's private modules change shape between releases without notice: only its documented API is used.
const NEXT_INTERNALS = { group: ['next/dist/*'], message: "Next's internals: use its documented API (next/cache, next/server, …)." };
const NEXT_INTERNALS_AT_RUN_TIME = [
  { selector: 'ImportExpression[source.value=/^next\\/dist\\//]', message: NEXT_INTERNALS.message },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^next\\/dist\\//]", message: NEXT_INTERNALS.message },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // One link component: components/ui/link.tsx (prefetch on intent, not on sight).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: "Use '@/components/ui/link'." }], patterns: [NEXT_INTERNALS] },
      ],
      'no-restricted-syntax': ['error', ...NEXT_INTERNALS_AT_RUN_TIME],
    },
  },
  { files: ['components/ui/link.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [NEXT_INTERNALS] }] } },
  {
    ignores: ['.next*/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'],
  },
];

export default config;
