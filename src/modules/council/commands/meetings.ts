import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import {
  bumpMeeting,
  memberEmailsOfMeeting,
  setAgendaOrder,
  staffAgenda,
  staffMeeting,
  type Row,
} from '../db/staff.queries.ts';
import { insertRow, updateRow } from '../db/write.ts';
import { syncMeetingSearch, syncPaperSearch } from '../search-source.ts';

export interface Actor {
  accountId: string;
  name: string;
  requestId?: string;
}

export type Result<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: Row; agenda: Row[] }
  | { ok: false; reason: 'invalid'; field: string };

export interface MeetingInput {
  name: string;
  organizationId: number;
  start: Date;
  end: Date | null;
  locationId: number | null;
  meetingState: string;
  cancelled: boolean;
}

export async function createMeeting(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  input: MeetingInput,
): Promise<number> {
  const now = kernel.clock.now();
  return inTransaction(kernel.db.pool, async (c) => {
    const id = await insertRow(c, 'meeting', {
      body_id: bodyId,
      name: input.name,
      organization_ids: [input.organizationId],
      start_at: input.start,
      end_at: input.end,
      location_id: input.locationId,
      meeting_state: input.meetingState || 'terminiert',
      cancelled: input.cancelled,
      published: false,
      modified_by: actor.name,
      created: now,
      modified: now,
    });
    await kernel.audit.record(
      {
        actorId: actor.accountId,
        action: 'council.meeting.created',
        objectType: 'council.meeting',
        objectId: String(id),
        tenantId,
        after: { name: input.name },
        requestId: actor.requestId,
      },
      c,
    );
    return id;
  });
}

/**
 * Runs a change of a meeting or its agenda under optimistic locking: the form's version must be
 * the current one, else nothing is written and the caller gets the other change to show.
 */
async function withMeeting<T>(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  action: string,
  fn: (c: pg.PoolClient, meeting: Row, now: Date) => Promise<T | { invalid: string }>,
): Promise<Result<T>> {
  const now = kernel.clock.now();
  const result = await inTransaction(kernel.db.pool, async (c, rollback): Promise<Result<T>> => {
    const meeting = await staffMeeting(c, bodyId, id, true);
    if (!meeting) return { ok: false, reason: 'not_found' };
    if (Number(meeting.version) !== version)
      return { ok: false, reason: 'conflict', current: meeting, agenda: await staffAgenda(c, id) };
    const value = await fn(c, meeting, now);
    if (value && typeof value === 'object' && 'invalid' in value)
      return rollback({ ok: false, reason: 'invalid', field: value.invalid });
    if (!(await bumpMeeting(c, id, version, now, actor.name)))
      return rollback({ ok: false, reason: 'conflict', current: meeting, agenda: [] });
    await kernel.audit.record(
      {
        actorId: actor.accountId,
        action,
        objectType: 'council.meeting',
        objectId: String(id),
        tenantId,
        requestId: actor.requestId,
      },
      c,
    );
    return { ok: true, value: value as T };
  });
  if (result.ok) await syncMeetingSearch(kernel, id);
  return result;
}

export function updateMeeting(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  input: MeetingInput,
) {
  return withMeeting(kernel, actor, bodyId, tenantId, id, version, 'council.meeting.updated', async (c) => {
    await updateRow(c, 'meeting', id, {
      name: input.name,
      organization_ids: [input.organizationId],
      start_at: input.start,
      end_at: input.end,
      location_id: input.locationId,
      meeting_state: input.meetingState || null,
      cancelled: input.cancelled,
    });
    return undefined;
  });
}

export function publishMeeting(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  published: boolean,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    published ? 'council.meeting.published' : 'council.meeting.unpublished',
    async (c) => {
      await updateRow(c, 'meeting', id, { published });
      return undefined;
    },
  );
}

export interface AgendaItemInput {
  name: string;
  public: boolean;
  paperId: number | null;
  role: string;
}

export function addAgendaItem(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  input: AgendaItemInput,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.agenda.item_added',
    async (c, meeting, now) => {
      const agenda = await staffAgenda(c, id);
      if (input.paperId !== null) {
        const { rowCount } = await c.query(
          'select 1 from council.paper where id = $1 and body_id = $2 and deleted_at is null',
          [input.paperId, bodyId],
        );
        if (!rowCount) return { invalid: 'vorlage' };
      }
      const itemId = await insertRow(c, 'agenda_item', {
        body_id: bodyId,
        meeting_id: id,
        position: agenda.length,
        number: String(agenda.length + 1),
        name: input.name,
        public: input.public,
        created: now,
        modified: now,
      });
      if (input.paperId !== null) {
        await insertRow(c, 'consultation', {
          body_id: bodyId,
          paper_id: input.paperId,
          agenda_item_id: itemId,
          meeting_id: id,
          organization_ids: meeting.organization_ids,
          role: input.role || null,
          created: now,
          modified: now,
        });
        await c.query('update council.paper set modified = $2 where id = $1', [input.paperId, now]);
      }
      return itemId;
    },
  );
}

export function moveAgendaItem(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  itemId: number,
  delta: -1 | 1,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.agenda.reordered',
    async (c, _m, now) => {
      const ids = (await staffAgenda(c, id)).map((a) => Number(a.id));
      const i = ids.indexOf(itemId);
      if (i === -1) return { invalid: 'top' };
      const j = i + delta;
      if (j >= 0 && j < ids.length) [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      await setAgendaOrder(c, id, ids, now);
      return undefined;
    },
  );
}

export interface AgendaItemUpdate {
  name: string;
  public: boolean;
  result: string;
  resolutionText: string;
}

export function updateAgendaItem(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  itemId: number,
  input: AgendaItemUpdate,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.agenda.item_updated',
    async (c, _m, now) => {
      const { rowCount } = await c.query(
        `update council.agenda_item set name = $3, public = $4, result = $5, resolution_text = $6, modified = $7
       where id = $1 and meeting_id = $2 and deleted_at is null`,
        [itemId, id, input.name, input.public, input.result || null, input.resolutionText || null, now],
      );
      if (!rowCount) return { invalid: 'top' };
      return undefined;
    },
  );
}

export function deleteAgendaItem(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  itemId: number,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.agenda.item_deleted',
    async (c, _m, now) => {
      const { rowCount } = await c.query(
        'update council.agenda_item set deleted_at = $3, modified = $3 where id = $1 and meeting_id = $2 and deleted_at is null',
        [itemId, id, now],
      );
      if (!rowCount) return { invalid: 'top' };
      await c.query(
        'update council.consultation set deleted_at = $2, modified = $2 where agenda_item_id = $1 and deleted_at is null',
        [itemId, now],
      );
      await setAgendaOrder(
        c,
        id,
        (await staffAgenda(c, id)).map((a) => Number(a.id)),
        now,
      );
      return undefined;
    },
  );
}

/** Invitation: mail to every member (with consent to contact) of the meeting's organizations. */
export async function sendInvitation(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
) {
  const base = kernel.config.baseUrl.replace(/\/$/, '');
  const r = await withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.meeting.invited',
    async (c, meeting, now) => {
      if (!meeting.published) return { invalid: 'published' };
      await updateRow(c, 'meeting', id, { invitation_sent_at: now, meeting_state: 'eingeladen' });
      return { meeting, recipients: await memberEmailsOfMeeting(c, id) };
    },
  );
  if (!r.ok) return r;
  const { meeting, recipients } = r.value as { meeting: Row; recipients: { email: string; name: string }[] };
  for (const to of recipients)
    await kernel.mail.sendTemplate(to.email, 'council.invitation', 'de', {
      name: to.name,
      meeting: meeting.name as string,
      start: meeting.start_at ? formatDateTime('de', meeting.start_at as Date) : '',
      url: `${base}/ratsinfo/${bodyId}/sitzungen/${id}`,
    });
  return { ok: true as const, value: recipients.length };
}

export interface StoredPdfFile {
  storageId: string;
  name: string;
  fileName: string;
  size: number;
  sha256: string;
  sha512: string;
  text: string;
  public: boolean;
}

export function attachMeetingFile(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  kind: 'invitation' | 'results',
  file: StoredPdfFile,
) {
  return withMeeting(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    `council.meeting.${kind}_file`,
    async (c, _m, now) => {
      const fileId = await insertRow(c, 'file', {
        body_id: bodyId,
        name: file.name,
        file_name: file.fileName,
        mime_type: 'application/pdf',
        size: file.size,
        sha256: file.sha256,
        sha512: file.sha512,
        text: file.text,
        storage_id: file.storageId,
        public: file.public,
        date: now.toISOString().slice(0, 10),
        created: now,
        modified: now,
      });
      await updateRow(
        c,
        'meeting',
        id,
        kind === 'invitation' ? { invitation_file_id: fileId } : { results_file_id: fileId },
      );
      return fileId;
    },
  );
}

export { syncPaperSearch };
