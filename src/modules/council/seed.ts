import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inTransaction } from '../../kernel/db/database.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { extractPdfText, renderTextPdf } from './commands/pdf.ts';
import { bodyExists, hasDemoData, insertRow, refreshPaperSearch, upsertBody } from './db/write.ts';
import { parseFilterDate } from './oparl/format.ts';
import { reindexCouncilSearch } from './search-source.ts';

/** Reference data: one council body per tenant (the Kreistag of the Kreis, the council of each town). */
export async function seedCouncilReference(kernel: Kernel): Promise<void> {
  const now = kernel.clock.now();
  for (const t of await kernel.tenants.list()) {
    await upsertBody(
      kernel.db.pool,
      {
        id: t.id,
        tenantId: t.id,
        name:
          t.kind === 'kreis'
            ? t.name
            : `Stadt ${t.name}`
                .replace('Stadt Jüchen', 'Gemeinde Jüchen')
                .replace('Stadt Rommerskirchen', 'Gemeinde Rommerskirchen'),
        shortName: t.name,
        website: t.website,
        ags: t.ags,
        rgs: t.ars,
        classification: t.kind === 'kreis' ? 'Kreis' : 'Gemeinde',
        contactEmail: t.email,
      },
      now,
    );
  }
}

interface OrgSpec {
  key: string;
  name: string;
  short?: string;
  type: string;
  classification: string;
  /** meets every n weeks (committees); 0 = no meetings */
  every: number;
  /** decides finally (council) */
  council?: boolean;
}
interface BodySpec {
  id: string;
  location: {
    description: string;
    street: string;
    postalCode: string;
    locality: string;
    room: string;
    lon: number;
    lat: number;
  };
  orgs: OrgSpec[];
  persons: {
    given: string;
    family: string;
    form: 'Frau' | 'Herr';
    group: string;
    committees: string[];
    role?: string;
    title?: string;
  }[];
  topics: string[];
  refPrefix: string;
}

const FRACTIONS = (suffix: string): OrgSpec[] => [
  { key: 'cdu', name: `CDU-${suffix}`, short: 'CDU', type: 'Fraktion', classification: 'Fraktion', every: 0 },
  { key: 'spd', name: `SPD-${suffix}`, short: 'SPD', type: 'Fraktion', classification: 'Fraktion', every: 0 },
  {
    key: 'gruene',
    name: `Fraktion Bündnis 90/Die Grünen`,
    short: 'Grüne',
    type: 'Fraktion',
    classification: 'Fraktion',
    every: 0,
  },
  { key: 'fdp', name: `FDP-${suffix}`, short: 'FDP', type: 'Fraktion', classification: 'Fraktion', every: 0 },
];

// Persons are fictitious; the demo shows no real council member.
const KREIS: BodySpec = {
  id: 'rhein-kreis-neuss',
  location: {
    description: 'Kreishaus Neuss, Großer Sitzungssaal',
    street: 'Oberstraße 91',
    postalCode: '41460',
    locality: 'Neuss',
    room: 'Großer Sitzungssaal',
    lon: 6.6915,
    lat: 51.1965,
  },
  orgs: [
    { key: 'kt', name: 'Kreistag', type: 'Gremium', classification: 'Kreistag', every: 8, council: true },
    { key: 'ka', name: 'Kreisausschuss', type: 'Gremium', classification: 'Ausschuss', every: 6 },
    {
      key: 'ids',
      name: 'Ausschuss für Innovation, Digitalisierung und Standortmarketing',
      short: 'IDS',
      type: 'Gremium',
      classification: 'Ausschuss',
      every: 6,
    },
    { key: 'fin', name: 'Finanzausschuss', type: 'Gremium', classification: 'Ausschuss', every: 8 },
    ...FRACTIONS('Kreistagsfraktion'),
    {
      key: 'dig',
      name: 'Stabsstelle Digitalisierung',
      type: 'Verwaltungsbereich',
      classification: 'Verwaltung',
      every: 0,
    },
  ],
  persons: [
    {
      given: 'Anna',
      family: 'Beispiel',
      form: 'Frau',
      group: 'cdu',
      committees: ['ka', 'ids'],
      role: 'Vorsitzende',
    },
    { given: 'Bernd', family: 'Musterhaus', form: 'Herr', group: 'cdu', committees: ['fin'] },
    { given: 'Carla', family: 'Demann', form: 'Frau', group: 'spd', committees: ['ka', 'ids'] },
    { given: 'Dirk', family: 'Probst', form: 'Herr', group: 'spd', committees: ['fin'], title: 'Dr.' },
    { given: 'Elif', family: 'Testerin', form: 'Frau', group: 'gruene', committees: ['ids', 'ka'] },
    { given: 'Frank', family: 'Vorlage', form: 'Herr', group: 'gruene', committees: ['fin'] },
    { given: 'Gisela', family: 'Antragmann', form: 'Frau', group: 'fdp', committees: ['ids'] },
    { given: 'Hakan', family: 'Sitzung', form: 'Herr', group: 'cdu', committees: ['ka'] },
    { given: 'Ines', family: 'Protokoll', form: 'Frau', group: 'spd', committees: ['fin', 'ids'] },
    { given: 'Jonas', family: 'Tagesordnung', form: 'Herr', group: 'cdu', committees: ['ids'] },
  ],
  topics: [
    'Masterplan Digitalisierung der Kreisverwaltung – Sachstand',
    'OZG-Umsetzung im Rhein-Kreis Neuss – Bericht',
    'Open-Data-Strategie – Jahresbericht',
    'Breitbandausbau in Gewerbegebieten – Sachstand',
    'Fortschreibung des Nahverkehrsplans',
    'Haushaltssatzung 2027 – Einbringung',
    'Klimaschutzkonzept – Umsetzungsbericht',
    'Standortmarketing-Kampagne der Wirtschaftsförderung',
    'Rettungsdienstbedarfsplan – Fortschreibung',
    'Schulentwicklungsplanung der Berufskollegs',
  ],
  refPrefix: 'KT',
};

const town = (
  id: string,
  name: string,
  street: string,
  postalCode: string,
  lon: number,
  lat: number,
  council: string,
): BodySpec => ({
  id,
  location: {
    description: `Rathaus ${name}, Ratssaal`,
    street,
    postalCode,
    locality: name,
    room: 'Ratssaal',
    lon,
    lat,
  },
  orgs: [
    { key: 'rat', name: council, type: 'Gremium', classification: 'Rat', every: 8, council: true },
    {
      key: 'hfa',
      name: 'Haupt- und Finanzausschuss',
      type: 'Gremium',
      classification: 'Ausschuss',
      every: 6,
    },
    {
      key: 'dig',
      name: 'Ausschuss für Digitalisierung und Bürgerservice',
      type: 'Gremium',
      classification: 'Ausschuss',
      every: 8,
    },
    ...FRACTIONS('Fraktion'),
  ],
  persons: [
    {
      given: 'Katrin',
      family: 'Ratsfrau',
      form: 'Frau',
      group: 'cdu',
      committees: ['hfa'],
      role: 'Vorsitzende',
    },
    { given: 'Lars', family: 'Stadtrat', form: 'Herr', group: 'spd', committees: ['hfa', 'dig'] },
    { given: 'Mira', family: 'Ortsteil', form: 'Frau', group: 'gruene', committees: ['dig'] },
    { given: 'Nils', family: 'Beschluss', form: 'Herr', group: 'cdu', committees: ['dig'] },
    { given: 'Olga', family: 'Haushalt', form: 'Frau', group: 'fdp', committees: ['hfa'] },
    { given: 'Paul', family: 'Bebauung', form: 'Herr', group: 'spd', committees: ['dig'] },
  ],
  topics: [
    'Digitale Terminvergabe im Bürgerbüro',
    'Haushaltsplan-Entwurf 2027',
    'Bebauungsplan Nr. 100 – Aufstellungsbeschluss',
    'WLAN in städtischen Gebäuden',
    'Sanierung der Grundschulen – Prioritätenliste',
    'Radverkehrskonzept – Fortschreibung',
  ],
  refPrefix: id.slice(0, 2).toUpperCase(),
});

export const DEMO_BODIES: BodySpec[] = [
  KREIS,
  town('neuss', 'Neuss', 'Markt 2', '41460', 6.6937, 51.1983, 'Rat der Stadt Neuss'),
  town('dormagen', 'Dormagen', 'Paul-Wierich-Platz 2', '41539', 6.8405, 51.0955, 'Rat der Stadt Dormagen'),
];

const DAY = 86_400_000;
function berlin(date: Date, time: string): Date {
  const iso = new Date(date.getTime()).toISOString().slice(0, 10);
  return parseFilterDate(`${iso}T${time}`)!;
}

/** Demo data: committees, members, a year of meetings with agendas and papers, and the motion. */
export async function seedCouncilDemo(kernel: Kernel): Promise<void> {
  const pool = kernel.db.pool;
  const now = kernel.clock.now();
  for (const spec of DEMO_BODIES) {
    if (!(await bodyExists(pool, spec.id)) || (await hasDemoData(pool, spec.id))) continue;
    const motionPdf = spec.id === 'rhein-kreis-neuss' ? await storeMotionFiles(kernel) : undefined;
    await inTransaction(pool, async (c) => {
      const t = { created: now, modified: now };
      const body_id = spec.id;
      const L = spec.location;
      const locationId = await insertRow(c, 'location', {
        body_id,
        description: L.description,
        street_address: L.street,
        postal_code: L.postalCode,
        locality: L.locality,
        room: L.room,
        geojson: JSON.stringify({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [L.lon, L.lat] },
          properties: {},
        }),
        external_id: `demo:loc`,
        ...t,
      });
      await insertRow(c, 'legislative_term', {
        body_id,
        name: 'Wahlperiode 2020–2025',
        start_date: '2020-11-01',
        end_date: '2025-10-31',
        external_id: 'demo:wp2020',
        ...t,
      });
      await insertRow(c, 'legislative_term', {
        body_id,
        name: 'Wahlperiode 2025–2030',
        start_date: '2025-11-01',
        end_date: '2030-10-31',
        external_id: 'demo:wp2025',
        ...t,
      });
      const org = new Map<string, number>();
      for (const o of spec.orgs) {
        org.set(
          o.key,
          await insertRow(c, 'organization', {
            body_id,
            name: o.name,
            short_name: o.short ?? null,
            organization_type: o.type,
            classification: o.classification,
            start_date: '2020-11-01',
            location_id: o.type === 'Gremium' ? locationId : null,
            external_id: `demo:org:${o.key}`,
            ...t,
          }),
        );
      }
      const council = spec.orgs.find((o) => o.council)!;
      const personIds: number[] = [];
      for (const [i, p] of spec.persons.entries()) {
        const id = await insertRow(c, 'person', {
          body_id,
          name: `${p.title ? `${p.title} ` : ''}${p.given} ${p.family}`,
          given_name: p.given,
          family_name: p.family,
          form_of_address: p.form,
          title: p.title ? [p.title] : [],
          gender: p.form === 'Frau' ? 'female' : 'male',
          contact_consent: i % 3 === 0,
          email: i % 3 === 0 ? [`${p.given}.${p.family}@example.org`.toLowerCase()] : [],
          status: ['Mitglied'],
          external_id: `demo:person:${i}`,
          ...t,
        });
        personIds.push(id);
        const m = (orgKey: string, role: string, voting = true) =>
          insertRow(c, 'membership', {
            body_id,
            person_id: id,
            organization_id: org.get(orgKey)!,
            role,
            voting_right: voting,
            start_date: '2025-11-01',
            on_behalf_of: orgKey === p.group ? null : org.get(p.group)!,
            external_id: `demo:m:${i}:${orgKey}`,
            ...t,
          });
        await m(
          council.key,
          i === 0
            ? spec.id === 'rhein-kreis-neuss'
              ? 'Kreistagsmitglied'
              : 'Ratsmitglied'
            : spec.id === 'rhein-kreis-neuss'
              ? 'Kreistagsmitglied'
              : 'Ratsmitglied',
        );
        await m(p.group, 'Mitglied');
        for (const [j, k] of p.committees.entries()) await m(k, j === 0 && p.role ? p.role : 'Mitglied');
      }

      // A year of meetings: half a year back, half a year ahead.
      let seq = 1;
      let topic = 0;
      const start = now.getTime() - 182 * DAY;
      const meetingsByOrg: { org: OrgSpec; id: number; at: Date; items: number }[] = [];
      const committees = spec.orgs.filter((o) => o.every > 0);
      for (const [ci, o] of committees.entries()) {
        for (let d = start + (ci * 9 + 3) * DAY; d < now.getTime() + 182 * DAY; d += o.every * 7 * DAY) {
          const at = berlin(new Date(d), o.council ? '15:00:00' : '17:00:00');
          const past = at.getTime() < now.getTime();
          const meetingId = await insertRow(c, 'meeting', {
            body_id,
            name: `${seq}. Sitzung ${o.council ? 'des ' : 'des '}${o.name}`
              .replace('des Rat der', 'des Rates der')
              .replace('des Kreistag', 'des Kreistages'),
            meeting_state: past ? 'durchgeführt' : 'terminiert',
            start_at: at,
            end_at: new Date(at.getTime() + 3 * 3600_000),
            location_id: locationId,
            organization_ids: [org.get(o.key)!],
            published: true,
            external_id: `demo:meeting:${o.key}:${seq}`,
            ...t,
          });
          seq++;
          let pos = 0;
          const item = (name: string, extra: Record<string, unknown> = {}) =>
            insertRow(c, 'agenda_item', {
              body_id,
              meeting_id: meetingId,
              position: pos++,
              number: String(pos),
              name,
              ...t,
              ...extra,
            });
          await item('Eröffnung und Feststellung der Beschlussfähigkeit');
          await item(
            'Genehmigung der Niederschrift der letzten Sitzung',
            past ? { result: 'einstimmig genehmigt' } : {},
          );
          for (let k = 0; k < 2; k++) {
            const name = spec.topics[topic++ % spec.topics.length]!;
            const paperType = k === 0 ? 'Beschlussvorlage' : 'Mitteilungsvorlage';
            const year = at.getFullYear();
            const paperId = await insertRow(c, 'paper', {
              body_id,
              name,
              reference: `${spec.refPrefix}/${year}/${String(topic).padStart(3, '0')}`,
              date: new Date(at.getTime() - 14 * DAY).toISOString().slice(0, 10),
              paper_type: paperType,
              under_direction_of_ids: spec.id === 'rhein-kreis-neuss' ? [org.get('dig')!] : [],
              body_text: `${paperType}: ${name}. Die Verwaltung berichtet über den Sachstand und schlägt das weitere Vorgehen vor.`,
              external_id: `demo:paper:${topic}`,
              ...t,
            });
            await refreshPaperSearch(c, paperId);
            const ai = await item(
              name,
              past && k === 0
                ? {
                    result: 'mehrheitlich beschlossen',
                    resolution_text: `Der ${o.name} beschließt entsprechend dem Beschlussvorschlag der Verwaltung.`,
                  }
                : past
                  ? { result: 'zur Kenntnis genommen' }
                  : {},
            );
            await insertRow(c, 'consultation', {
              body_id,
              paper_id: paperId,
              agenda_item_id: ai,
              meeting_id: meetingId,
              organization_ids: [org.get(o.key)!],
              role: o.council ? 'Entscheidung' : k === 0 ? 'Vorberatung' : 'Kenntnisnahme',
              authoritative: !!o.council && k === 0,
              ...t,
            });
          }
          await item('Mitteilungen und Anfragen');
          // The non-public part: a non-public agenda item with a non-public paper.
          const secretPaper = await insertRow(c, 'paper', {
            body_id,
            name: `Grundstücksangelegenheit ${seq} (nicht öffentlich)`,
            reference: `${spec.refPrefix}/NÖ/${seq}`,
            date: new Date(at.getTime() - 14 * DAY).toISOString().slice(0, 10),
            paper_type: 'Beschlussvorlage',
            public: false,
            body_text: 'Vertraulich: Kaufpreisverhandlung Flurstück Geheimweg',
            external_id: `demo:secret:${seq}`,
            ...t,
          });
          await refreshPaperSearch(c, secretPaper);
          const secretItem = await item('Grundstücksangelegenheit – Vertraulicher Kaufpreis Geheimweg', {
            public: false,
          });
          await insertRow(c, 'consultation', {
            body_id,
            paper_id: secretPaper,
            agenda_item_id: secretItem,
            meeting_id: meetingId,
            organization_ids: [org.get(o.key)!],
            role: 'Entscheidung',
            ...t,
          });
          meetingsByOrg.push({ org: o, id: meetingId, at, items: pos });
        }
      }

      if (motionPdf) await seedMotion(c, body_id, org, personIds, locationId, motionPdf, t);
    });
  }
  await reindexCouncilSearch(kernel);
}

const MOTION_TITLE =
  'Schnellere Umsetzung der Digitalisierungsstrategie des Rhein-Kreis Neuss vor dem Hintergrund der pandemischen Situation';

function motionText(): { statement: string } {
  const raw = readFileSync(new URL('./seeds/antrag-digitalisierungsstrategie.txt', import.meta.url), 'utf8');
  const text = raw.slice(raw.indexOf('---') + 4).replace(/\r/g, '');
  return {
    statement: text
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

interface StoredPdf {
  storageId: string;
  size: number;
  sha256: string;
  sha512: string;
  text: string;
  fileName: string;
  name: string;
}

async function storeMotionFiles(kernel: Kernel): Promise<StoredPdf[]> {
  const { statement } = motionText();
  const docs = [
    {
      name: 'Sitzungsvorlage mit Stellungnahme der Verwaltung',
      fileName: 'vorlage-digitalisierungsstrategie.pdf',
      title: `Antrag vom 01.12.2020: ${MOTION_TITLE}`,
      text: statement,
    },
  ];
  const out: StoredPdf[] = [];
  for (const d of docs) {
    const pdf = await renderTextPdf(d.title, d.text);
    const stored = await kernel.files.put(pdf, {
      declaredName: d.fileName,
      allowedTypes: ['application/pdf'],
      tenantId: 'rhein-kreis-neuss',
    });
    out.push({
      storageId: stored.id,
      size: stored.size,
      sha256: stored.sha256,
      sha512: createHash('sha512').update(pdf).digest('hex'),
      text: await extractPdfText(pdf),
      fileName: d.fileName,
      name: d.name,
    });
  }
  return out;
}

async function seedMotion(
  c: Parameters<typeof insertRow>[0],
  body_id: string,
  org: Map<string, number>,
  personIds: number[],
  locationId: number,
  files: StoredPdf[],
  t: { created: Date; modified: Date },
) {
  const at = (iso: string) => parseFilterDate(iso)!;
  const fileIds: number[] = [];
  for (const f of files) {
    fileIds.push(
      await insertRow(c, 'file', {
        body_id,
        name: f.name,
        file_name: f.fileName,
        mime_type: 'application/pdf',
        size: f.size,
        sha256: f.sha256,
        sha512: f.sha512,
        text: f.text,
        storage_id: f.storageId,
        date: '2020-12-01',
        external_id: `demo:file:${f.fileName}`,
        ...t,
      }),
    );
  }
  const paperId = await insertRow(c, 'paper', {
    body_id,
    name: MOTION_TITLE,
    reference: 'KT/2020/137',
    date: '2020-12-01',
    paper_type: 'Antrag',
    main_file_id: fileIds[0],
    originator_organization_ids: [org.get('spd')!, org.get('gruene')!],
    originator_person_ids: [personIds[2]!, personIds[4]!],
    under_direction_of_ids: [org.get('dig')!],
    body_text:
      'Antrag der SPD-Kreistagsfraktion und der Fraktion Bündnis 90/Die Grünen vom 01.12.2020. In der Videokonferenz des Landrates mit den Fraktionsvorsitzenden zur Vorberatung in die Fachausschüsse verwiesen.',
    external_id: 'demo:paper:antrag-digitalisierung',
    ...t,
  });
  await refreshPaperSearch(c, paperId);
  const history: {
    org: string;
    name: string;
    start: string;
    role: string;
    authoritative: boolean;
    result: string;
    cancelled?: boolean;
  }[] = [
    {
      org: 'kt',
      name: '2. Sitzung des Kreistages',
      start: '2020-12-16T15:00:00',
      role: 'Verweisung',
      authoritative: false,
      result: 'in die Fachausschüsse verwiesen',
      cancelled: true,
    },
    {
      org: 'ids',
      name: 'Sitzung des Ausschusses für Innovation, Digitalisierung und Standortmarketing',
      start: '2021-02-24T17:00:00',
      role: 'Vorberatung',
      authoritative: false,
      result: 'zur Kenntnis genommen; Bericht der Verwaltung erbeten',
    },
    {
      org: 'ka',
      name: 'Sitzung des Kreisausschusses',
      start: '2021-03-10T17:00:00',
      role: 'Vorberatung',
      authoritative: false,
      result: 'zur Kenntnis genommen',
    },
  ];
  for (const [i, h] of history.entries()) {
    const start = at(h.start);
    const meetingId = await insertRow(c, 'meeting', {
      body_id,
      name: h.name,
      meeting_state: h.cancelled ? 'abgesagt' : 'durchgeführt',
      cancelled: !!h.cancelled,
      start_at: start,
      end_at: new Date(start.getTime() + 2 * 3600_000),
      location_id: locationId,
      organization_ids: [org.get(h.org)!],
      published: true,
      external_id: `demo:motion-meeting:${i}`,
      ...t,
    });
    await insertRow(c, 'agenda_item', {
      body_id,
      meeting_id: meetingId,
      position: 0,
      number: '1',
      name: 'Eröffnung der Sitzung',
      ...t,
    });
    const ai = await insertRow(c, 'agenda_item', {
      body_id,
      meeting_id: meetingId,
      position: 1,
      number: '2',
      name: `Antrag der SPD-Kreistagsfraktion und der Fraktion Bündnis 90/Die Grünen vom 01.12.2020: ${MOTION_TITLE}`,
      result: h.result,
      ...t,
    });
    await insertRow(c, 'consultation', {
      body_id,
      paper_id: paperId,
      agenda_item_id: ai,
      meeting_id: meetingId,
      organization_ids: [org.get(h.org)!],
      role: h.role,
      authoritative: h.authoritative,
      ...t,
    });
  }
}
