'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}>
        <h1>Something went wrong</h1>
        <p>Please try again in a moment.</p>
        {error.digest && <p style={{ fontSize: 12, color: '#666' }}>Reference: {error.digest}</p>}
      </body>
    </html>
  );
}
