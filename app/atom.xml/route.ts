import { connection } from 'next/server';
import { buildFeed } from '@/lib/feeds/build';

export async function GET() {
  await connection();
  return (await buildFeed('atom'))!;
}
