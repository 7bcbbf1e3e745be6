import { connection } from 'next/server';
import { Suspense } from 'react';

async function AtRequest() {
  await connection();
  return null;
}

/**
 * Renders nothing, at request time: a page whose body is otherwise static but whose metadata is resolved per
 * request (requestTimeMetadata, lib/metadata.ts) renders it, so that its prerender has a request-time part.
 * Without one, Next refuses to prerender the page again when it is not in the page cache (a new instance, an
 * evicted entry): "encountered uncached or runtime data in generateMetadata()", and the reader gets a 500.
 */
export function RequestTime() {
  return (
    <Suspense>
      <AtRequest />
    </Suspense>
  );
}
