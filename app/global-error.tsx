'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}>
        <h1>Something went wrong</h1>
        <p>We could not show this page just now. Please try again in a minute.</p>
        {error.digest && <p style={{ fontSize: 12, color: '#666' }}>Reference: {error.digest}</p>}
      </body>
    </html>
  );
}
