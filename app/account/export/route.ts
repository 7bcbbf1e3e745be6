import { UnauthenticatedError } from '@/lib/errors';
import { exportMyData } from '@/lib/dal/users-export';

/** GET /account/export: the signed-in user's data as a JSON download. */
export async function GET() {
  let data;
  try {
    data = await exportMyData();
  } catch (err) {
    if (err instanceof UnauthenticatedError) return Response.json({ error: 'Please sign in first.' }, { status: 401 });
    throw err;
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="broadsheet-${data.profile.handle}-${day}.json"`,
      'cache-control': 'private, no-store',
    },
  });
}
