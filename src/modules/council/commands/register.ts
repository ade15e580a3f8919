/**
 * Staff editing of the register ("Stammdaten"): persons, organisations, memberships and
 * locations. One description per kind drives the form, the validation and the write, so the
 * four editors share their code. Rows carry no version column: the `modified` time stamp read
 * with the form is the version (compared as text, microseconds included).
 */
import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import { insertRow, updateRow } from '../db/write.ts';
import { oparlDate } from '../oparl/format.ts';
import type { Actor } from './meetings.ts';

export type RegisterKind = 'person' | 'organization' | 'membership' | 'location';
type FieldKind = 'text' | 'long' | 'lines' | 'emails' | 'date' | 'bool' | 'yesno' | 'choice' | 'ref' | 'url';

export interface RegisterField {
  /** Form field name (German, as the rest of the staff forms). */
  name: string;
  /** Column written; omitted for fields that feed a computed column (latitude/longitude). */
  column?: string;
  kind: FieldKind;
  required?: boolean;
  max?: number;
  /** For 'choice': the stored values ('' = none). */
  choices?: readonly string[];
  /** For 'ref': which kind's rows of the body are offered. */
  ref?: RegisterKind;
  pattern?: RegExp;
}

export interface RegisterSpec {
  kind: RegisterKind;
  table: string;
  /** URL segment under /verwaltung/ratsinfo/<body>/stammdaten/. */
  segment: string;
  fields: RegisterField[];
  /** Kind-specific rules over the parsed values. */
  check?: (
    v: Record<string, unknown>,
    raw: Record<string, string>,
    errors: FieldErrors,
    t: Translate,
  ) => void;
  /** Computed columns from the raw values (the location's GeoJSON point). */
  extra?: (raw: Record<string, string>) => Record<string, unknown>;
  /** Raw form values of computed columns, for editing an existing row. */
  extraValues?: (row: Row) => Record<string, string>;
}

type Row = Record<string, unknown>;
type Translate = (key: string, vars?: Record<string, string>) => string;

const dateOrder =
  (from: string, to: string) => (v: Record<string, unknown>, _r: unknown, e: FieldErrors, t: Translate) => {
    const a = v[from] as string | null;
    const b = v[to] as string | null;
    if (a && b && b < a) e[to] ??= t('council.register.error.dateOrder');
  };

const COORD = /^-?\d{1,3}(?:[.,]\d{1,8})?$/;

export const REGISTER: Record<RegisterKind, RegisterSpec> = {
  person: {
    kind: 'person',
    table: 'person',
    segment: 'personen',
    fields: [
      { name: 'name', column: 'name', kind: 'text', required: true, max: 300 },
      { name: 'anrede', column: 'form_of_address', kind: 'text', max: 100 },
      { name: 'titel', column: 'title', kind: 'lines', max: 100 },
      { name: 'vorname', column: 'given_name', kind: 'text', max: 200 },
      { name: 'familienname', column: 'family_name', kind: 'text', max: 200 },
      { name: 'namenszusatz', column: 'affix', kind: 'text', max: 100 },
      { name: 'geschlecht', column: 'gender', kind: 'choice', choices: ['', 'female', 'male', 'other'] },
      { name: 'status', column: 'status', kind: 'lines', max: 200 },
      { name: 'lebenslauf', column: 'life', kind: 'long', max: 10_000 },
      { name: 'einwilligung', column: 'contact_consent', kind: 'bool' },
      { name: 'email', column: 'email', kind: 'emails', max: 200 },
      { name: 'telefon', column: 'phone', kind: 'lines', max: 50, pattern: /^\+?[0-9 ()/-]{3,50}$/ },
    ],
    check: (v, _raw, e, t) => {
      const contact = (v.email as string[]).length + (v.phone as string[]).length;
      if (contact && !v.contact_consent && !e.einwilligung)
        e.einwilligung = t('council.register.error.consent');
    },
  },
  organization: {
    kind: 'organization',
    table: 'organization',
    segment: 'gremien',
    fields: [
      { name: 'name', column: 'name', kind: 'text', required: true, max: 300 },
      { name: 'kurzname', column: 'short_name', kind: 'text', max: 100 },
      { name: 'art', column: 'organization_type', kind: 'text', max: 100 },
      { name: 'einordnung', column: 'classification', kind: 'text', max: 100 },
      { name: 'beginn', column: 'start_date', kind: 'date' },
      { name: 'ende', column: 'end_date', kind: 'date' },
      { name: 'webseite', column: 'website', kind: 'url', max: 500 },
      { name: 'ort', column: 'location_id', kind: 'ref', ref: 'location' },
    ],
    check: dateOrder('start_date', 'end_date'),
  },
  membership: {
    kind: 'membership',
    table: 'membership',
    segment: 'mitgliedschaften',
    fields: [
      { name: 'person', column: 'person_id', kind: 'ref', ref: 'person', required: true },
      { name: 'gremium', column: 'organization_id', kind: 'ref', ref: 'organization', required: true },
      { name: 'rolle', column: 'role', kind: 'text', max: 200 },
      { name: 'stimmrecht', column: 'voting_right', kind: 'yesno' },
      { name: 'beginn', column: 'start_date', kind: 'date' },
      { name: 'ende', column: 'end_date', kind: 'date' },
      { name: 'fuer', column: 'on_behalf_of', kind: 'ref', ref: 'organization' },
    ],
    check: dateOrder('start_date', 'end_date'),
  },
  location: {
    kind: 'location',
    table: 'location',
    segment: 'orte',
    fields: [
      { name: 'beschreibung', column: 'description', kind: 'text', max: 300 },
      { name: 'strasse', column: 'street_address', kind: 'text', max: 300 },
      { name: 'raum', column: 'room', kind: 'text', max: 100 },
      { name: 'plz', column: 'postal_code', kind: 'text', max: 5, pattern: /^\d{5}$/ },
      { name: 'ortsname', column: 'locality', kind: 'text', max: 200 },
      { name: 'breite', kind: 'text', max: 20, pattern: COORD },
      { name: 'laenge', kind: 'text', max: 20, pattern: COORD },
    ],
    check: (v, raw, e, t) => {
      if (!v.description && !v.street_address && !e.beschreibung)
        e.beschreibung = t('council.register.error.locationName');
      const lat = raw.breite ? Number(raw.breite.replace(',', '.')) : null;
      const lon = raw.laenge ? Number(raw.laenge.replace(',', '.')) : null;
      if ((lat === null) !== (lon === null))
        e[lat === null ? 'breite' : 'laenge'] ??= t('council.register.error.pointPair');
      if (lat !== null && !e.breite && Math.abs(lat) > 90) e.breite = t('council.register.error.latitude');
      if (lon !== null && !e.laenge && Math.abs(lon) > 180) e.laenge = t('council.register.error.longitude');
    },
    extra: (raw) => {
      if (!raw.breite || !raw.laenge) return { geojson: null };
      const n = (s: string) => Number(s.replace(',', '.'));
      return { geojson: JSON.stringify({ type: 'Point', coordinates: [n(raw.laenge), n(raw.breite)] }) };
    },
    extraValues: (row): Record<string, string> => {
      const c = (row.geojson as { coordinates?: [number, number] } | null)?.coordinates;
      return c ? { laenge: String(c[0]), breite: String(c[1]) } : {};
    },
  },
};

export const KIND_BY_SEGMENT = new Map(Object.values(REGISTER).map((s) => [s.segment, s]));

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,200}\.[a-z]{2,}$/i;

function germanDate(s: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s) ?? null;
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** Options offered by 'ref' fields: the body's live rows of that kind. */
export type RefOptions = Partial<Record<RegisterKind, { id: number; label: string }[]>>;

/**
 * Reads and checks the form. Returns the column values, or the errors (German messages at
 * the fields); the raw values go back into the form either way.
 */
export function validateRegister(
  spec: RegisterSpec,
  raw: Record<string, string>,
  refs: RefOptions,
  t: Translate,
): { errors?: FieldErrors; values?: Record<string, unknown> } {
  const errors: FieldErrors = {};
  const v: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const s = (raw[f.name] ?? '').trim();
    if (f.required && !s) {
      errors[f.name] = t(
        f.kind === 'ref' ? 'council.register.error.choose' : 'council.register.error.required',
      );
      continue;
    }
    let value: unknown = s || null;
    switch (f.kind) {
      case 'text':
      case 'long':
      case 'url':
        if (f.max && s.length > f.max)
          errors[f.name] = t('council.register.error.tooLong', { max: String(f.max) });
        else if (s && f.pattern && !f.pattern.test(s))
          errors[f.name] = t(`council.register.error.pattern.${f.name}`);
        else if (s && f.kind === 'url' && !(URL.canParse(s) && /^https?:$/.test(new URL(s).protocol)))
          errors[f.name] = t('council.register.error.url');
        break;
      case 'lines':
      case 'emails': {
        const lines = s
          .split(/\r?\n/)
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = lines.find(
          (x) =>
            (f.max && x.length > f.max) ||
            (f.kind === 'emails' && !EMAIL.test(x)) ||
            (f.pattern && !f.pattern.test(x)),
        );
        if (bad) errors[f.name] = t(`council.register.error.line.${f.kind}`, { value: bad.slice(0, 60) });
        if (lines.length > 20) errors[f.name] = t('council.register.error.tooMany');
        value = lines;
        break;
      }
      case 'date':
        value = s ? germanDate(s) : null;
        if (s && !value) errors[f.name] = t('council.search.date.invalid');
        break;
      case 'bool':
        value = s === 'ja';
        break;
      case 'yesno':
        if (!['', 'ja', 'nein'].includes(s)) errors[f.name] = t('council.register.error.choose');
        value = s === 'ja' ? true : s === 'nein' ? false : null;
        break;
      case 'choice':
        if (!f.choices!.includes(s)) errors[f.name] = t('council.register.error.choose');
        break;
      case 'ref': {
        const hit = s ? refs[f.ref!]?.find((o) => String(o.id) === s) : undefined;
        if (s && !hit) errors[f.name] = t('council.register.error.choose');
        value = hit ? hit.id : null;
        break;
      }
    }
    if (f.column) v[f.column] = value;
  }
  spec.check?.(v, raw, errors, t);
  if (Object.keys(errors).length) return { errors };
  return { values: { ...v, ...spec.extra?.(raw) } };
}

/** Form values of an existing row (the inverse of validateRegister). */
export function registerFormValues(spec: RegisterSpec, row: Row): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of spec.fields) {
    if (!f.column) continue;
    const x = row[f.column] as string | number | boolean | Date | string[] | null | undefined;
    if (x === null || x === undefined) out[f.name] = '';
    else if (Array.isArray(x)) out[f.name] = x.join('\n');
    else if (f.kind === 'date') {
      const [y, m, d] = (oparlDate(x as Date | string) ?? '').split('-');
      out[f.name] = `${d}.${m}.${y}`;
    } else if (f.kind === 'bool') out[f.name] = x ? 'ja' : '';
    else if (f.kind === 'yesno') out[f.name] = x ? 'ja' : 'nein';
    else out[f.name] = String(x);
  }
  return { ...out, ...spec.extraValues?.(row) };
}

/** One live row of the body, with `stand` (its modified time as text) for the form. */
export async function registerRow(
  q: Pick<pg.Pool, 'query'>,
  spec: RegisterSpec,
  bodyId: string,
  id: number,
  lock = false,
): Promise<Row | undefined> {
  return (
    await q.query<Row>(
      `select *, modified::text as stand from council.${spec.table}
       where id = $1 and body_id = $2 and deleted_at is null${lock ? ' for update' : ''}`,
      [id, bodyId],
    )
  ).rows[0];
}

export type RegisterResult =
  | { ok: true; id: number }
  | { ok: false; reason: 'notfound' }
  | { ok: false; reason: 'conflict'; current: Row }
  | { ok: false; reason: 'inuse'; uses: number };

const audit = (
  kernel: Kernel,
  actor: Actor,
  action: string,
  spec: RegisterSpec,
  id: number,
  tenantId: string,
  c: pg.PoolClient,
  before?: Row,
  after?: Row,
) =>
  kernel.audit.record(
    {
      actorId: actor.accountId,
      action: `council.${spec.kind}.${action}`,
      objectType: `council.${spec.kind}`,
      objectId: String(id),
      tenantId,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      requestId: actor.requestId,
    },
    c,
  );

/** Creates (id null) or updates a row; an update with a stale `stand` is a conflict. */
export function saveRegister(
  kernel: Kernel,
  actor: Actor,
  spec: RegisterSpec,
  body: { id: string; tenant_id: string },
  id: number | null,
  stand: string,
  values: Record<string, unknown>,
): Promise<RegisterResult> {
  return inTransaction(kernel.db.pool, async (c) => {
    const now = kernel.clock.now();
    if (id === null) {
      const newId = await insertRow(c, spec.table, {
        body_id: body.id,
        ...values,
        created: now,
        modified: now,
      });
      await audit(kernel, actor, 'created', spec, newId, body.tenant_id, c, undefined, values);
      return { ok: true, id: newId };
    }
    const row = await registerRow(c, spec, body.id, id, true);
    if (!row) return { ok: false, reason: 'notfound' };
    if (row.stand !== stand) return { ok: false, reason: 'conflict', current: row };
    await updateRow(c, spec.table, id, { ...values, modified: now });
    const before: Row = {};
    for (const k of Object.keys(values)) before[k] = row[k];
    await audit(kernel, actor, 'updated', spec, id, body.tenant_id, c, before, values);
    return { ok: true, id };
  });
}

/**
 * Deletes a row (it stays as an OParl tombstone). A person's or organisation's memberships go
 * with it; an organisation named by meetings, papers or consultations and a location in use
 * are refused, so no public object points to a deleted one.
 */
export function deleteRegister(
  kernel: Kernel,
  actor: Actor,
  spec: RegisterSpec,
  body: { id: string; tenant_id: string },
  id: number,
  stand: string,
): Promise<RegisterResult> {
  return inTransaction(kernel.db.pool, async (c) => {
    const row = await registerRow(c, spec, body.id, id, true);
    if (!row) return { ok: false, reason: 'notfound' };
    if (row.stand !== stand) return { ok: false, reason: 'conflict', current: row };
    const uses = await usesOf(c, spec.kind, id);
    if (uses) return { ok: false, reason: 'inuse', uses };
    const now = kernel.clock.now();
    await updateRow(c, spec.table, id, { deleted_at: now, modified: now });
    if (spec.kind === 'person' || spec.kind === 'organization')
      await c.query(
        `update council.membership set deleted_at = $2, modified = $2
         where ${spec.kind === 'person' ? 'person_id' : 'organization_id'} = $1 and deleted_at is null`,
        [id, now],
      );
    await audit(kernel, actor, 'deleted', spec, id, body.tenant_id, c, {
      name: row.name ?? row.description ?? null,
    });
    return { ok: true, id };
  });
}

async function usesOf(c: pg.PoolClient, kind: RegisterKind, id: number): Promise<number> {
  const sql =
    kind === 'organization'
      ? `select (select count(*) from council.meeting where $1::bigint = any(organization_ids) and deleted_at is null)
          + (select count(*) from council.consultation where $1::bigint = any(organization_ids) and deleted_at is null)
          + (select count(*) from council.paper where ($1::bigint = any(originator_organization_ids) or $1::bigint = any(under_direction_of_ids)) and deleted_at is null)
          + (select count(*) from council.membership where on_behalf_of = $1 and deleted_at is null) as n`
      : kind === 'location'
        ? `select (select count(*) from council.meeting where location_id = $1 and deleted_at is null)
            + (select count(*) from council.organization where location_id = $1 and deleted_at is null)
            + (select count(*) from council.paper where $1::bigint = any(location_ids) and deleted_at is null) as n`
        : kind === 'person'
          ? `select count(*) as n from council.paper where $1::bigint = any(originator_person_ids) and deleted_at is null`
          : null;
  if (!sql) return 0;
  return Number((await c.query<{ n: string | number }>(sql, [id])).rows[0]!.n);
}

/** The body's live rows of each kind, for the overview and the 'ref' choices. */
export async function registerLists(
  q: Pick<pg.Pool, 'query'>,
  bodyId: string,
): Promise<Record<RegisterKind, Row[]>> {
  const [person, organization, membership, location] = await Promise.all([
    q.query<Row>(
      'select id, name from council.person where body_id = $1 and deleted_at is null order by name, id',
      [bodyId],
    ),
    q.query<Row>(
      'select id, name from council.organization where body_id = $1 and deleted_at is null order by name, id',
      [bodyId],
    ),
    q.query<Row>(
      `select m.id, p.name as person, o.name as organization, m.role from council.membership m
       join council.person p on p.id = m.person_id join council.organization o on o.id = m.organization_id
       where m.body_id = $1 and m.deleted_at is null order by o.name, p.name, m.id`,
      [bodyId],
    ),
    q.query<Row>(
      `select id, coalesce(description, street_address) as name, street_address, locality from council.location
       where body_id = $1 and deleted_at is null order by 2, id`,
      [bodyId],
    ),
  ]);
  return {
    person: person.rows,
    organization: organization.rows,
    membership: membership.rows,
    location: location.rows,
  };
}
