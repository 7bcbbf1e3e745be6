// ESLint: Next's own rules (core web vitals, React hooks, accessibility) and its TypeScript preset.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // One link component: components/ui/link.tsx (prefetch on intent, not on sight).
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: "Use '@/components/ui/link'." }] }],
    },
  },
  { files: ['components/ui/link.tsx'], rules: { 'no-restricted-imports': 'off' } },
  {
    ignores: ['.next*/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'],
  },
];

export default config;
