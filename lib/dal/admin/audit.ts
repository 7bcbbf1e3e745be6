import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { isUserRef, likeLiteral, paged } from '@/lib/dal/lists';
import { requireStaff } from './guard';

export const AUDIT_PER_PAGE = 50;

export type AuditFilter = {
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  page?: number;
  /** Inclusive UTC dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One row of the audit log, with who did it. */
const auditColumns = {
  id: auditLog.id,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  createdAt: auditLog.createdAt,
  actorHandle: users.handle,
  actorEmail: users.email,
};

export async function listAuditLog(filter: AuditFilter) {
  await requireStaff('audit:read');
  const db = await getDb();
  const conds: SQL[] = [];
  const actor = filter.actor?.trim().replace(/^@/, '');
  if (actor) conds.push(isUserRef(auditLog.actorId, actor));
  if (filter.entityType) conds.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId.trim()));
  if (filter.action) conds.push(sql`${auditLog.action} like ${likeLiteral(filter.action) + '%'}`);
  if (filter.from && DAY.test(filter.from)) conds.push(sql`${auditLog.createdAt} >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to && DAY.test(filter.to))
    conds.push(sql`${auditLog.createdAt} < (${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  const where = conds.length ? and(...conds) : undefined;
  const list = await paged(
    db
      .select(auditColumns)
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .$dynamic(),
    db.$count(auditLog, where),
    filter.page,
    AUDIT_PER_PAGE,
  );
  const facets = await queryRows<{ entity_type: string; action: string }>(
    db,
    sql`select distinct entity_type, action from ${auditLog} order by 1, 2 limit 500`,
  );
  return {
    ...list,
    entityTypes: [...new Set(facets.map((f) => f.entity_type))],
    actions: [...new Set(facets.map((f) => f.action))],
  };
}
