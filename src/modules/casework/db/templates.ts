import type { Queryable } from './cases.ts';

export interface NoticeTemplate {
  tenantId: string;
  serviceSlug: string;
  title: string;
  body: string;
  updatedAt: Date;
}

interface Row {
  tenant_id: string;
  service_slug: string;
  title: string;
  body: string;
  updated_at: Date;
}
const toTemplate = (r: Row): NoticeTemplate => ({
  tenantId: r.tenant_id,
  serviceSlug: r.service_slug,
  title: r.title,
  body: r.body,
  updatedAt: r.updated_at,
});

export async function findTemplate(
  db: Queryable,
  tenantId: string,
  serviceSlug: string,
): Promise<NoticeTemplate | null> {
  const { rows } = await db.query<Row>(
    'select * from casework.notice_templates where tenant_id = $1 and service_slug = $2',
    [tenantId, serviceSlug],
  );
  return rows[0] ? toTemplate(rows[0]) : null;
}

export async function listTemplates(db: Queryable, tenantIds: string[] | 'all'): Promise<NoticeTemplate[]> {
  const { rows } =
    tenantIds === 'all'
      ? await db.query<Row>('select * from casework.notice_templates order by tenant_id, service_slug')
      : await db.query<Row>(
          'select * from casework.notice_templates where tenant_id = any($1) order by tenant_id, service_slug',
          [tenantIds],
        );
  return rows.map(toTemplate);
}

export async function upsertTemplate(
  db: Queryable,
  t: { tenantId: string; serviceSlug: string; title: string; body: string; at: Date; by: string | null },
  onlyIfMissing = false,
): Promise<void> {
  await db.query(
    `insert into casework.notice_templates (tenant_id, service_slug, title, body, updated_at, updated_by)
     values ($1,$2,$3,$4,$5,$6)
     on conflict (tenant_id, service_slug) do ${
       onlyIfMissing
         ? 'nothing'
         : 'update set title = excluded.title, body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by'
     }`,
    [t.tenantId, t.serviceSlug, t.title, t.body, t.at, t.by],
  );
}

export interface RetentionSetting {
  serviceSlug: string;
  years: number;
  action: 'anonymise' | 'delete';
}

export async function listRetention(db: Queryable): Promise<RetentionSetting[]> {
  const { rows } = await db.query<{
    service_slug: string;
    retention_years: number;
    retention_action: 'anonymise' | 'delete';
  }>(
    'select service_slug, retention_years, retention_action from casework.service_settings order by service_slug',
  );
  return rows.map((r) => ({
    serviceSlug: r.service_slug,
    years: r.retention_years,
    action: r.retention_action,
  }));
}
