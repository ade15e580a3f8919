/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- council rows are untyped SQL results (Row); presenters and views shape them. */
import type { Kernel } from '../../kernel/kernel.ts';
import type { DatasetSource } from '../../kernel/extensions.ts';
import { allPublicMeetings, allPublicPapers, lastPublicChange } from './db/public.queries.ts';
import { oparlDateTime } from './oparl/format.ts';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (v instanceof Date) s = oparlDateTime(v);
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v);
  // Formula injection guard for spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(cols: string[], rows: Row[]): string {
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** Open-data datasets of public meetings and papers (never non-public content). */
export function registerCouncilDatasets(kernel: Kernel): void {
  const base = kernel.config.baseUrl.replace(/\/$/, '');
  const meetings = async () =>
    (await allPublicMeetings(kernel.db.pool)).map((m) => ({
      id: m.id,
      koerperschaft: m.body_id,
      name: m.name,
      gremien: m.organizations,
      beginn: m.start_at,
      ende: m.end_at,
      abgesagt: m.cancelled ? 'ja' : 'nein',
      status: m.meeting_state,
      url: `${base}/ratsinfo/${m.body_id}/sitzungen/${m.id}`,
      oparl: `${base}/oparl/v1/meeting/${m.id}`,
    }));
  const papers = async () =>
    (await allPublicPapers(kernel.db.pool)).map((p) => ({
      id: p.id,
      koerperschaft: p.body_id,
      name: p.name,
      aktenzeichen: p.reference,
      datum: p.date,
      art: p.paper_type,
      url: `${base}/ratsinfo/${p.body_id}/vorlagen/${p.id}`,
      oparl: `${base}/oparl/v1/paper/${p.id}`,
    }));
  const modified = (t: 'meeting' | 'paper') => async () =>
    (await lastPublicChange(kernel.db.pool, t)) ?? new Date(0);
  const common = {
    module: 'council',
    tenantId: 'rhein-kreis-neuss',
    orgUnitSlug: 'kreistagsbuero',
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'DAILY',
    themes: ['GOVE'],
  };
  const meetingCols = [
    'id',
    'koerperschaft',
    'name',
    'gremien',
    'beginn',
    'ende',
    'abgesagt',
    'status',
    'url',
    'oparl',
  ];
  const paperCols = ['id', 'koerperschaft', 'name', 'aktenzeichen', 'datum', 'art', 'url', 'oparl'];
  const sources: DatasetSource[] = [
    {
      ...common,
      key: 'kreistag-sitzungen',
      title: {
        de: 'Sitzungen des Kreistages, der Ausschüsse und der Räte',
        en: 'Meetings of the district council, its committees and the town councils',
      },
      description: {
        de: 'Alle öffentlichen Sitzungen aus dem Ratsinformationssystem des Rhein-Kreises Neuss und seiner Kommunen. Vollständige Daten auch über die OParl-Schnittstelle /oparl/v1/system.',
        en: 'All public meetings from the council information system of the Rhein-Kreis Neuss and its municipalities. Complete data also via the OParl API /oparl/v1/system.',
      },
      keywords: ['Kreistag', 'Rat', 'Ausschuss', 'Sitzung', 'OParl'],
      modified: modified('meeting'),
      distributions: [
        {
          key: 'csv',
          title: { de: 'Sitzungen (CSV)', en: 'Meetings (CSV)' },
          format: 'CSV',
          mediaType: 'text/csv',
          render: async () => ({
            body: toCsv(meetingCols, await meetings()),
            modified: await modified('meeting')(),
          }),
        },
        {
          key: 'json',
          title: { de: 'Sitzungen (JSON)', en: 'Meetings (JSON)' },
          format: 'JSON',
          mediaType: 'application/json',
          render: async () => ({
            body: JSON.stringify(
              (await meetings()).map((m) => ({
                ...m,
                beginn: m.beginn && oparlDateTime(m.beginn),
                ende: m.ende && oparlDateTime(m.ende),
              })),
            ),
            modified: await modified('meeting')(),
          }),
        },
      ],
    },
    {
      ...common,
      key: 'kreistag-vorlagen',
      title: { de: 'Vorlagen, Anträge und Anfragen', en: 'Council papers, motions and questions' },
      description: {
        de: 'Alle öffentlichen Vorlagen, Anträge und Anfragen aus dem Ratsinformationssystem des Rhein-Kreises Neuss und seiner Kommunen.',
        en: 'All public papers, motions and questions from the council information system of the Rhein-Kreis Neuss and its municipalities.',
      },
      keywords: ['Kreistag', 'Vorlage', 'Antrag', 'Anfrage', 'OParl'],
      modified: modified('paper'),
      distributions: [
        {
          key: 'csv',
          title: { de: 'Vorlagen (CSV)', en: 'Papers (CSV)' },
          format: 'CSV',
          mediaType: 'text/csv',
          render: async () => ({
            body: toCsv(paperCols, await papers()),
            modified: await modified('paper')(),
          }),
        },
        {
          key: 'json',
          title: { de: 'Vorlagen (JSON)', en: 'Papers (JSON)' },
          format: 'JSON',
          mediaType: 'application/json',
          render: async () => ({ body: JSON.stringify(await papers()), modified: await modified('paper')() }),
        },
      ],
    },
  ];
  for (const s of sources) kernel.extensions.registerDataset(s);
}

export async function councilSitemap(kernel: Kernel) {
  const out: { path: string; lastmod?: Date }[] = [{ path: '/ratsinfo' }];
  for (const m of await allPublicMeetings(kernel.db.pool))
    out.push({ path: `/ratsinfo/${m.body_id}/sitzungen/${m.id}`, lastmod: m.modified });
  for (const p of await allPublicPapers(kernel.db.pool))
    out.push({ path: `/ratsinfo/${p.body_id}/vorlagen/${p.id}`, lastmod: p.modified });
  return out;
}
