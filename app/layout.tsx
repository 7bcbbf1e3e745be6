import type { Metadata, Viewport } from 'next';
import { Suspense } from 'react';
import './globals.css';
import { SiteHeader } from '@/components/site/site-header';
import { SiteFooter } from '@/components/site/site-footer';
import { env } from '@/lib/env';
import { pageMetadata, SITE_FEEDS } from '@/lib/metadata';

/**
 * SITE_URL and SITE_NAME are read when the metadata is made, never at module load: cached public pages are
 * rendered at their first request under the running server's environment, and the few pages that would be
 * prerendered at `next build` resolve their metadata per request (lib/metadata.ts). No connection() here:
 * it would make every public page per-request.
 */
export async function generateMetadata(): Promise<Metadata> {
  const { SITE_URL: siteUrl, SITE_NAME: siteName } = env();
  return pageMetadata({
    metadataBase: new URL(siteUrl),
    title: { default: `${siteName}: independent news`, template: `%s | ${siteName}` },
    description: 'Independent journalism, funded by readers.',
    twitter: { card: 'summary_large_image' },
    icons: { icon: '/favicon.svg' },
    alternates: { types: SITE_FEEDS },
  });
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#b91c1c' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6">
          {children}
        </main>
        <Suspense fallback={null}>
          <SiteFooter />
        </Suspense>
      </body>
    </html>
  );
}
