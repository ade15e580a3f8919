/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- council rows are untyped SQL results (Row); presenters and views shape them. */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  fileReferences,
  membershipIdsByOrganization,
  setFileSha512,
  subordinatedPapers,
  visiblePaperIds,
  visibleRowsBy,
  visibleRowsByIds,
  type OParlKind,
  type Row,
} from '../db/oparl.queries.ts';
import { compact, oparlDate, oparlDateTime } from '../oparl/format.ts';

export const OPARL_TYPES: Record<OParlKind, string> = {
  body: 'Body',
  legislativeTerm: 'LegislativeTerm',
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  agendaItem: 'AgendaItem',
  paper: 'Paper',
  consultation: 'Consultation',
  file: 'File',
  location: 'Location',
};

/** URL path segment of each kind: /oparl/v1/<segment>/<id>. */
export const SEGMENT: Record<OParlKind, string> = {
  body: 'body',
  legislativeTerm: 'legislativeterm',
  organization: 'organization',
  person: 'person',
  membership: 'membership',
  meeting: 'meeting',
  agendaItem: 'agendaitem',
  paper: 'paper',
  consultation: 'consultation',
  file: 'file',
  location: 'location',
};

export const LICENSE = 'https://www.govdata.de/dl-de/zero-2-0';
export type OParlObject = Record<string, unknown>;

/** Builds OParl objects from rows, embedding what OParl embeds with a few batch queries. */
export class OParlPresenter {
  constructor(
    private readonly db: pg.Pool,
    /** e.g. https://openkreis.example */
    private readonly baseUrl: string,
    /** To compute the sha512 of files stored before it was kept (once, then saved). */
    private readonly store?: Pick<Kernel['files'], 'open'>,
  ) {}

  url(kind: OParlKind, id: number | string): string {
    return `${this.baseUrl}/oparl/v1/${SEGMENT[kind]}/${encodeURIComponent(String(id))}`;
  }
  api(path: string): string {
    return `${this.baseUrl}/oparl/v1${path}`;
  }
  private web(path: string): string {
    return `${this.baseUrl}${path}`;
  }
  private common(kind: OParlKind, r: Row) {
    return {
      id: this.url(kind, r.id),
      type: `https://schema.oparl.org/1.1/${OPARL_TYPES[kind]}`,
    };
  }
  private times(r: Row) {
    return { created: oparlDateTime(r.created), modified: oparlDateTime(r.modified) };
  }

  tombstone(kind: OParlKind, r: Row): OParlObject {
    return { ...this.common(kind, r), ...this.times(r), deleted: true };
  }

  /** Presents rows of one kind; deleted rows become tombstones. */
  async present(kind: OParlKind, rows: Row[]): Promise<OParlObject[]> {
    const live = rows.filter((r) => !r.deleted_at);
    const made = new Map<string, OParlObject>();
    const objs = live.length ? await this.#present(kind, live) : [];
    live.forEach((r, i) => made.set(String(r.id), objs[i]!));
    return rows.map((r) => (r.deleted_at ? this.tombstone(kind, r) : made.get(String(r.id))!));
  }

  async #present(kind: OParlKind, rows: Row[]): Promise<OParlObject[]> {
    switch (kind) {
      case 'body':
        return this.bodies(rows);
      case 'legislativeTerm':
        return rows.map((r) => this.term(r));
      case 'organization':
        return this.organizations(rows);
      case 'person':
        return this.persons(rows);
      case 'membership':
        return rows.map((r) => this.membership(r));
      case 'meeting':
        return this.meetings(rows);
      case 'agendaItem':
        return this.agendaItems(rows);
      case 'paper':
        return this.papers(rows);
      case 'consultation':
        return rows.map((r) => this.consultation(r));
      case 'file':
        return this.files(rows);
      case 'location':
        return rows.map((r) => this.location(r));
    }
  }

  async bodies(rows: Row[]): Promise<OParlObject[]> {
    const terms = await visibleRowsBy(
      this.db,
      'legislativeTerm',
      'body_id',
      rows.map((r) => r.id),
    );
    return rows
      .map((r) => {
        const b = (p: string) => this.api(`/body/${encodeURIComponent(r.id)}/${p}`);
        return compact({
          ...this.common('body', r),
          system: this.api('/system'),
          name: r.name,
          shortName: r.short_name,
          website: r.website,
          license: LICENSE,
          ags: r.ags,
          rgs: r.rgs,
          contactEmail: r.contact_email,
          contactName: r.contact_name,
          classification: r.classification,
          organization: b('organizations'),
          person: b('persons'),
          meeting: b('meetings'),
          paper: b('papers'),
          // Required by the schema even when empty: an empty list is allowed here.
          legislativeTerm: [],
          agendaItem: b('agendaitems'),
          consultation: b('consultations'),
          file: b('files'),
          locationList: b('locations'),
          legislativeTermList: b('legislativeterms'),
          membership: b('memberships'),
          web: this.web(`/ratsinfo/${encodeURIComponent(r.id)}`),
          ...this.times(r),
        });
      })
      .map((o, i) => {
        const own = terms.filter((t) => t.body_id === rows[i]!.id).map((t) => this.term(t));
        // legislativeTerm is required; with no terms it is the one place an empty list is kept.
        return { ...o, legislativeTerm: own };
      });
  }

  term(r: Row): OParlObject {
    return compact({
      ...this.common('legislativeTerm', r),
      body: this.url('body', r.body_id),
      name: r.name,
      startDate: oparlDate(r.start_date),
      endDate: oparlDate(r.end_date),
      ...this.times(r),
    });
  }

  location(r: Row): OParlObject {
    return compact({
      ...this.common('location', r),
      description: r.description,
      geojson: r.geojson ?? undefined,
      streetAddress: r.street_address,
      room: r.room,
      postalCode: r.postal_code,
      locality: r.locality,
      ...this.times(r),
    });
  }

  async #locations(ids: (number | null | undefined)[]): Promise<Map<string, OParlObject>> {
    const want = [...new Set(ids.filter((x): x is number => x !== null && x !== undefined))];
    const rows = await visibleRowsByIds(this.db, 'location', want);
    return new Map(rows.map((r) => [String(r.id), this.location(r)]));
  }

  async organizations(rows: Row[]): Promise<OParlObject[]> {
    const locs = await this.#locations(rows.map((r) => r.location_id));
    const ms = await membershipIdsByOrganization(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((r) =>
      compact({
        ...this.common('organization', r),
        body: this.url('body', r.body_id),
        name: r.name,
        shortName: r.short_name,
        membership: ms
          .filter((m) => String(m.organization_id) === String(r.id))
          .map((m) => this.url('membership', m.id)),
        meeting: this.api(`/organization/${r.id}/meetings`),
        organizationType: r.organization_type,
        classification: r.classification,
        startDate: oparlDate(r.start_date),
        endDate: oparlDate(r.end_date),
        website: r.website,
        location: r.location_id ? locs.get(String(r.location_id)) : undefined,
        web: this.web(`/ratsinfo/${encodeURIComponent(r.body_id)}/gremien/${r.id}`),
        ...this.times(r),
      }),
    );
  }

  membership(r: Row): OParlObject {
    return compact({
      ...this.common('membership', r),
      person: this.url('person', r.person_id),
      organization: this.url('organization', r.organization_id),
      role: r.role,
      votingRight: r.voting_right ?? undefined,
      startDate: oparlDate(r.start_date),
      endDate: oparlDate(r.end_date),
      onBehalfOf: r.on_behalf_of ? this.url('organization', r.on_behalf_of) : undefined,
      ...this.times(r),
    });
  }

  async persons(rows: Row[]): Promise<OParlObject[]> {
    const ms = await visibleRowsBy(
      this.db,
      'membership',
      'person_id',
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      compact({
        ...this.common('person', r),
        body: this.url('body', r.body_id),
        name: r.name,
        familyName: r.family_name,
        givenName: r.given_name,
        formOfAddress: r.form_of_address,
        affix: r.affix,
        title: r.title,
        gender: r.gender,
        // contact data only with consent
        phone: r.contact_consent ? r.phone : undefined,
        email: r.contact_consent ? r.email : undefined,
        status: r.status,
        membership: ms.filter((m) => String(m.person_id) === String(r.id)).map((m) => this.membership(m)),
        life: r.life,
        web: this.web(`/ratsinfo/${encodeURIComponent(r.body_id)}/personen/${r.id}`),
        ...this.times(r),
      }),
    );
  }

  fileAccessUrl(r: Row): string {
    return r.storage_id ? this.api(`/file/${r.id}/access`) : (r.source_url as string);
  }

  file(r: Row): OParlObject {
    return compact({
      ...this.common('file', r),
      name: r.name,
      fileName: r.file_name,
      mimeType: r.mime_type,
      date: oparlDate(r.date),
      size: r.size === null ? undefined : Number(r.size),
      sha512Checksum: r.sha512,
      text: r.text,
      accessUrl: this.fileAccessUrl(r),
      downloadUrl: r.storage_id ? this.api(`/file/${r.id}/download`) : undefined,
      license: LICENSE,
      ...this.times(r),
    });
  }

  /** Files stored before sha512 was kept: hashed from the content once and saved. */
  async #checksums(rows: Row[]): Promise<void> {
    if (!this.store) return;
    for (const r of rows) {
      if (r.sha512 || !r.storage_id) continue;
      const opened = await this.store.open(String(r.storage_id));
      if (!opened) continue;
      const hash = createHash('sha512');
      for await (const chunk of opened.stream) hash.update(chunk as Buffer);
      r.sha512 = hash.digest('hex');
      await setFileSha512(this.db, Number(r.id), String(r.sha512));
    }
  }

  /**
   * Files as objects of their own, with the back-references to the public meetings, agenda items
   * and papers that use them. Embedded files leave those out (their parent is the reference).
   */
  async files(rows: Row[]): Promise<OParlObject[]> {
    await this.#checksums(rows);
    const refs = await fileReferences(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((r) => {
      const mine = refs.filter((x) => x.file_id === Number(r.id));
      const urls = (kind: 'meeting' | 'agendaItem' | 'paper') =>
        mine.filter((x) => x.kind === kind).map((x) => this.url(kind, x.id));
      return compact({
        ...this.file(r),
        meeting: urls('meeting'),
        agendaItem: urls('agendaItem'),
        paper: urls('paper'),
      });
    });
  }

  async #files(ids: (number | null | undefined)[]): Promise<Map<string, OParlObject>> {
    const want = [...new Set(ids.filter((x): x is number => x !== null && x !== undefined).map(Number))];
    const rows = await visibleRowsByIds(this.db, 'file', want);
    await this.#checksums(rows);
    return new Map(rows.map((r) => [String(r.id), this.file(r)]));
  }

  consultation(r: Row): OParlObject {
    return compact({
      ...this.common('consultation', r),
      paper: r.paper_id ? this.url('paper', r.paper_id) : undefined,
      agendaItem: r.agenda_item_id ? this.url('agendaItem', r.agenda_item_id) : undefined,
      meeting: r.meeting_id ? this.url('meeting', r.meeting_id) : undefined,
      organization: (r.organization_ids as number[]).map((o) => this.url('organization', o)),
      authoritative: r.authoritative ?? undefined,
      role: r.role,
      ...this.times(r),
    });
  }

  #agendaItem(r: Row, files: Map<string, OParlObject>, meetingBody: string): OParlObject {
    return compact({
      ...this.common('agendaItem', r),
      meeting: this.url('meeting', r.meeting_id),
      number: r.number,
      order: Number(r.order_no),
      name: r.name,
      public: true,
      consultation: r.consultation_id ? this.url('consultation', r.consultation_id) : undefined,
      result: r.result,
      resolutionText: r.resolution_text,
      resolutionFile: r.resolution_file_id ? files.get(String(r.resolution_file_id)) : undefined,
      auxiliaryFile: (r.auxiliary_file_ids as number[]).map((f) => files.get(String(f))),
      start: r.start_at ? oparlDateTime(r.start_at) : undefined,
      end: r.end_at ? oparlDateTime(r.end_at) : undefined,
      web: this.web(`/ratsinfo/${encodeURIComponent(meetingBody)}/sitzungen/${r.meeting_id}#top-${r.id}`),
      ...this.times(r),
    });
  }

  async agendaItems(rows: Row[]): Promise<OParlObject[]> {
    const files = await this.#files(rows.flatMap((r) => [r.resolution_file_id, ...r.auxiliary_file_ids]));
    return rows.map((r) => this.#agendaItem(r, files, r.body_id));
  }

  async meetings(rows: Row[]): Promise<OParlObject[]> {
    const items = await visibleRowsBy(
      this.db,
      'agendaItem',
      'meeting_id',
      rows.map((r) => r.id),
    );
    const files = await this.#files([
      ...rows.flatMap((r) => [
        r.invitation_file_id,
        r.results_file_id,
        r.verbatim_file_id,
        ...r.auxiliary_file_ids,
      ]),
      ...items.flatMap((r) => [r.resolution_file_id, ...r.auxiliary_file_ids]),
    ]);
    const locs = await this.#locations(rows.map((r) => r.location_id));
    return rows.map((r) => {
      const f = (id: number | null) => (id ? files.get(String(id)) : undefined);
      return compact({
        ...this.common('meeting', r),
        name: r.name,
        meetingState: r.meeting_state,
        cancelled: r.cancelled || undefined,
        start: r.start_at ? oparlDateTime(r.start_at) : undefined,
        end: r.end_at ? oparlDateTime(r.end_at) : undefined,
        location: r.location_id ? locs.get(String(r.location_id)) : undefined,
        organization: (r.organization_ids as number[]).map((o) => this.url('organization', o)),
        invitation: f(r.invitation_file_id),
        resultsProtocol: f(r.results_file_id),
        verbatimProtocol: f(r.verbatim_file_id),
        auxiliaryFile: (r.auxiliary_file_ids as number[]).map((x) => files.get(String(x))),
        agendaItem: items
          .filter((i) => String(i.meeting_id) === String(r.id))
          .map((i) => this.#agendaItem(i, files, r.body_id)),
        web: this.web(`/ratsinfo/${encodeURIComponent(r.body_id)}/sitzungen/${r.id}`),
        ...this.times(r),
      });
    });
  }

  async papers(rows: Row[]): Promise<OParlObject[]> {
    const ids = rows.map((r) => Number(r.id));
    const consultations = await visibleRowsBy(this.db, 'consultation', 'paper_id', ids);
    const files = await this.#files(rows.flatMap((r) => [r.main_file_id, ...r.auxiliary_file_ids]));
    const locs = await this.#locations(rows.flatMap((r) => r.location_ids as number[]));
    const refs = [
      ...new Set(rows.flatMap((r) => [...r.related_paper_ids, ...r.superordinated_paper_ids].map(Number))),
    ];
    const visible = await visiblePaperIds(this.db, refs);
    const subs = await subordinatedPapers(this.db, ids);
    const paperRefs = (xs: number[]) =>
      xs
        .map(Number)
        .filter((x) => visible.has(x))
        .map((x) => this.url('paper', x));
    return rows.map((r) =>
      compact({
        ...this.common('paper', r),
        body: this.url('body', r.body_id),
        name: r.name,
        reference: r.reference,
        date: oparlDate(r.date),
        paperType: r.paper_type,
        relatedPaper: paperRefs(r.related_paper_ids),
        superordinatedPaper: paperRefs(r.superordinated_paper_ids),
        subordinatedPaper: subs
          .filter((s) => (s.superordinated_paper_ids as number[]).map(Number).includes(Number(r.id)))
          .map((s) => this.url('paper', s.id)),
        mainFile: r.main_file_id ? files.get(String(r.main_file_id)) : undefined,
        auxiliaryFile: (r.auxiliary_file_ids as number[]).map((x) => files.get(String(x))),
        location: (r.location_ids as number[]).map((x) => locs.get(String(x))),
        originatorPerson: (r.originator_person_ids as number[]).map((x) => this.url('person', x)),
        underDirectionOf: (r.under_direction_of_ids as number[]).map((x) => this.url('organization', x)),
        originatorOrganization: (r.originator_organization_ids as number[]).map((x) =>
          this.url('organization', x),
        ),
        consultation: consultations
          .filter((c) => String(c.paper_id) === String(r.id))
          .map((c) => this.consultation(c)),
        web: this.web(`/ratsinfo/${encodeURIComponent(r.body_id)}/vorlagen/${r.id}`),
        ...this.times(r),
      }),
    );
  }
}
