/**
 * Demo catalogue: about 70 datasets of the Kreis and its eight towns with small CSV and GeoJSON
 * files stored through kernel.files. Populations, AGS/ARS and names are real (kernel tenants,
 * from the Kreis's public statistics); everything else (schools, hotspots, budgets, …) is
 * generated demo content and says so in its description. Idempotent: existing names are skipped.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../kernel/db/database.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Tenant } from '../../kernel/tenants/index.ts';
import { insertDataset, insertResource, insertRevision, touchDataset } from './db/datasets.queries.ts';
import type { DatasetInput } from './model.ts';
import { slugify } from './commands/validate.ts';
import { indexDataset } from './commands/site-search.ts';

/** Approximate town centres (WGS84), public geographic facts. */
const CENTRES: Record<string, [number, number]> = {
  Dormagen: [6.84, 51.095],
  Grevenbroich: [6.583, 51.09],
  Jüchen: [6.503, 51.101],
  Kaarst: [6.617, 51.229],
  Korschenbroich: [6.514, 51.191],
  Meerbusch: [6.689, 51.258],
  Neuss: [6.685, 51.198],
  Rommerskirchen: [6.69, 51.034],
};

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const de = (n: number, digits = 0) =>
  n.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface DemoFile {
  name: string;
  body: string;
  format: string;
}
interface Demo {
  slug: string;
  title: string;
  notes: string;
  keywords: string[];
  themes: string[];
  unit?: string;
  frequency: string;
  files: DemoFile[];
}

const GENERATED = ' (Demodaten: generiert für die OpenKreis-Demo, keine amtlichen Werte.)';

function pointsGeoJson(
  name: string,
  centre: [number, number],
  n: number,
  r: () => number,
  label: string,
): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { name: `${label} ${i + 1}`, ort: name },
    geometry: {
      type: 'Point',
      coordinates: [
        +(centre[0] + (r() - 0.5) * 0.06).toFixed(5),
        +(centre[1] + (r() - 0.5) * 0.04).toFixed(5),
      ],
    },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1);
}

function townDemos(t: Tenant, idx: number): Demo[] {
  const r = rng(idx * 7919 + 17);
  const c = CENTRES[t.name] ?? [6.65, 51.15];
  const pop = t.population ?? 20000;
  const n = t.name;
  const schools = Math.max(3, Math.round(pop / 6000));
  return [
    {
      slug: 'einwohnerzahl',
      title: `Einwohnerzahl ${n}`,
      notes: `Einwohnerinnen und Einwohner der Kommune ${n} (AGS ${t.ags}), Stand 31.12.2023, gerundet nach öffentlicher Statistik.`,
      keywords: ['Einwohner', 'Bevölkerung', 'Statistik'],
      themes: ['SOCI', 'REGI'],
      unit: 'buergerbuero',
      frequency: 'ANNUAL',
      files: [
        {
          name: `einwohner-${slugify(n)}.csv`,
          format: 'CSV',
          body: `Gemeinde;AGS;Einwohner;Stand\n${n};${t.ags};${de(pop)};31.12.2023\n`,
        },
      ],
    },
    {
      slug: 'wlan-hotspots',
      title: `Freie WLAN-Hotspots in ${n}`,
      notes: `Standorte öffentlicher, kostenfreier WLAN-Zugänge in ${n}.${GENERATED}`,
      keywords: ['WLAN', 'Hotspot', 'Internet', 'Digitalisierung'],
      themes: ['TECH', 'REGI'],
      frequency: 'MONTHLY',
      files: [
        {
          name: `wlan-${slugify(n)}.geojson`,
          format: 'GEOJSON',
          body: pointsGeoJson(n, c, 4 + Math.floor(r() * 6), r, 'WLAN-Hotspot'),
        },
      ],
    },
    {
      slug: 'schulen',
      title: `Schulen in ${n}`,
      notes: `Allgemeinbildende Schulen in ${n} mit Schulform und Schülerzahl.${GENERATED}`,
      keywords: ['Schule', 'Bildung', 'Schülerzahlen'],
      themes: ['EDUC'],
      frequency: 'ANNUAL',
      files: [
        {
          name: `schulen-${slugify(n)}.csv`,
          format: 'CSV',
          body:
            'Name;Schulform;Schülerzahl;Ganztag\n' +
            Array.from({ length: schools }, (_, i) => {
              const form = ['Grundschule', 'Gesamtschule', 'Gymnasium', 'Realschule', 'Förderschule'][i % 5]!;
              return `${form} ${n} ${Math.floor(i / 5) + 1};${form};${de(150 + Math.floor(r() * 900))};${r() > 0.4 ? 'ja' : 'nein'}`;
            }).join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'kita-plaetze',
      title: `Kindertagesstätten und Betreuungsplätze ${n}`,
      notes: `Kindertageseinrichtungen in ${n} mit Plätzen unter und über drei Jahren.${GENERATED}`,
      keywords: ['Kita', 'Kinderbetreuung', 'Betreuungsplätze'],
      themes: ['SOCI', 'EDUC'],
      unit: 'sozialamt',
      frequency: 'ANNUAL',
      files: [
        {
          name: `kitas-${slugify(n)}.csv`,
          format: 'CSV',
          body:
            'Einrichtung;Plätze U3;Plätze Ü3;Träger\n' +
            Array.from(
              { length: schools + 2 },
              (_, i) =>
                `Kita ${i + 1} ${n};${10 + Math.floor(r() * 30)};${30 + Math.floor(r() * 60)};${['kommunal', 'kirchlich', 'frei'][i % 3]}`,
            ).join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'haushalt-2025',
      title: `Haushaltsplan 2025 ${n}`,
      notes: `Erträge und Aufwendungen des Ergebnisplans 2025 nach Produktbereichen, in Euro.${GENERATED}`,
      keywords: ['Haushalt', 'Finanzen', 'Ergebnisplan'],
      themes: ['ECON', 'GOVE'],
      unit: 'steueramt',
      frequency: 'ANNUAL',
      files: [
        {
          name: `haushalt-2025-${slugify(n)}.csv`,
          format: 'CSV',
          body:
            'Produktbereich;Erträge;Aufwendungen\n' +
            [
              'Innere Verwaltung',
              'Sicherheit und Ordnung',
              'Schulträgeraufgaben',
              'Kultur',
              'Soziale Leistungen',
              'Kinder- und Jugendhilfe',
              'Bauen und Wohnen',
              'Umweltschutz',
              'Allgemeine Finanzwirtschaft',
            ]
              .map((p) => `${p};${de(pop * (5 + r() * 40), 2)};${de(pop * (8 + r() * 45), 2)}`)
              .join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'abfallkalender-2026',
      title: `Abfallkalender 2026 ${n}`,
      notes: `Abholtermine für Restmüll, Bioabfall, Papier und Gelbe Tonne in ${n} im Jahr 2026.${GENERATED}`,
      keywords: ['Abfall', 'Müllabfuhr', 'Termine'],
      themes: ['ENVI'],
      frequency: 'ANNUAL',
      files: [
        {
          name: `abfallkalender-2026-${slugify(n)}.csv`,
          format: 'CSV',
          body:
            'Datum;Abfallart;Bezirk\n' +
            Array.from({ length: 24 }, (_, i) => {
              const d = new Date(Date.UTC(2026, 0, 5 + i * 14 + (idx % 5)));
              return `${d.toISOString().slice(0, 10)};${['Restmüll', 'Bioabfall', 'Papier', 'Gelbe Tonne'][i % 4]};Bezirk ${(i % 3) + 1}`;
            }).join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'parkplaetze',
      title: `Öffentliche Parkplätze ${n}`,
      notes: `Parkplätze und Parkhäuser in ${n} als Punkte mit Namen.${GENERATED}`,
      keywords: ['Parken', 'Parkplatz', 'Verkehr'],
      themes: ['TRAN'],
      unit: 'ordnungsamt',
      frequency: 'IRREG',
      files: [
        {
          name: `parkplaetze-${slugify(n)}.geojson`,
          format: 'GEOJSON',
          body: pointsGeoJson(n, c, 3 + Math.floor(r() * 5), r, 'Parkplatz'),
        },
      ],
    },
    {
      slug: 'kommunalwahl-2025',
      title: `Kommunalwahl 2025 ${n}: Ergebnisse der Ratswahl`,
      notes: `Stimmenanteile der Parteien bei der Wahl des Rates ${n} am 14. September 2025.${GENERATED}`,
      keywords: ['Wahl', 'Kommunalwahl', 'Wahlergebnisse'],
      themes: ['GOVE'],
      unit: 'ratsbuero',
      frequency: 'NEVER',
      files: [
        {
          name: `kommunalwahl-2025-${slugify(n)}.csv`,
          format: 'CSV',
          body: (() => {
            const parties = ['CDU', 'SPD', 'GRÜNE', 'FDP', 'AfD', 'Sonstige'];
            const w = parties.map(() => 1 + r() * 10);
            const sum = w.reduce((a, b) => a + b, 0);
            return (
              'Partei;Stimmenanteil in %\n' +
              parties.map((p, i) => `${p};${de((w[i]! / sum) * 100, 1)}`).join('\n') +
              '\n'
            );
          })(),
        },
      ],
    },
  ];
}

function kreisDemos(kreis: Tenant, towns: Tenant[]): Demo[] {
  const r = rng(4242);
  return [
    {
      slug: 'einwohner-nach-gemeinden',
      title: `Einwohnerzahlen nach Gemeinden im ${kreis.name}`,
      notes: `Einwohnerzahlen der acht kreisangehörigen Städte und Gemeinden mit Amtlichem Gemeindeschlüssel (AGS), gerundet nach öffentlicher Statistik (Stand etwa 2023).`,
      keywords: ['Einwohner', 'Bevölkerung', 'Gemeinden', 'Statistik'],
      themes: ['SOCI', 'REGI'],
      unit: 'digitalisierung',
      frequency: 'ANNUAL',
      files: [
        {
          name: 'einwohner-gemeinden.csv',
          format: 'CSV',
          body:
            'Gemeinde;AGS;ARS;Einwohner\n' +
            towns.map((t) => `${t.name};${t.ags};${t.ars};${de(t.population ?? 0)}`).join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'kfz-zulassungen',
      title: 'Kfz-Neuzulassungen im Kreis nach Monat',
      notes: `Neuzulassungen von Kraftfahrzeugen beim Straßenverkehrsamt nach Monat und Antriebsart.${GENERATED}`,
      keywords: ['Kfz', 'Zulassung', 'Elektromobilität'],
      themes: ['TRAN'],
      unit: 'strassenverkehrsamt',
      frequency: 'MONTHLY',
      files: [
        {
          name: 'kfz-neuzulassungen.csv',
          format: 'CSV',
          body:
            'Monat;Benzin;Diesel;Elektro;Hybrid\n' +
            Array.from(
              { length: 12 },
              (_, i) =>
                `2025-${String(i + 1).padStart(2, '0')};${800 + Math.floor(r() * 300)};${300 + Math.floor(r() * 150)};${200 + Math.floor(r() * 200)};${250 + Math.floor(r() * 150)}`,
            ).join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'gemeindegrenzen-punkte',
      title: 'Verwaltungssitze der Städte und Gemeinden',
      notes: 'Die Rathäuser der acht Städte und Gemeinden als Punkte (ungefähre Ortsmitte, WGS84).',
      keywords: ['Rathaus', 'Verwaltung', 'Geodaten'],
      themes: ['REGI', 'GOVE'],
      unit: 'digitalisierung',
      frequency: 'IRREG',
      files: [
        {
          name: 'verwaltungssitze.geojson',
          format: 'GEOJSON',
          body: JSON.stringify(
            {
              type: 'FeatureCollection',
              features: towns.map((t) => ({
                type: 'Feature',
                properties: { name: `Rathaus ${t.name}`, ags: t.ags },
                geometry: { type: 'Point', coordinates: CENTRES[t.name] ?? [6.65, 51.15] },
              })),
            },
            null,
            1,
          ),
        },
      ],
    },
    {
      slug: 'impfstellen-gesundheitsamt',
      title: 'Beratungs- und Impfangebote des Gesundheitsamts',
      notes: `Regelmäßige Sprechstunden und Impfangebote des Gesundheitsamts mit Ort und Wochentag.${GENERATED}`,
      keywords: ['Gesundheit', 'Impfung', 'Beratung'],
      themes: ['HEAL'],
      unit: 'gesundheitsamt',
      frequency: 'MONTHLY',
      files: [
        {
          name: 'gesundheitsamt-angebote.csv',
          format: 'CSV',
          body:
            'Angebot;Ort;Wochentag;Uhrzeit\n' +
            towns
              .map(
                (t, i) =>
                  `Impfsprechstunde;${t.name};${['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag'][i % 5]};${9 + (i % 4)}:00`,
              )
              .join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'bafoeg-antraege',
      title: 'BAföG-Anträge nach Jahr',
      notes: `Anzahl der beim Amt für Ausbildungsförderung gestellten und bewilligten Anträge.${GENERATED}`,
      keywords: ['BAföG', 'Ausbildungsförderung', 'Bildung'],
      themes: ['EDUC', 'SOCI'],
      unit: 'bafoeg',
      frequency: 'ANNUAL',
      files: [
        {
          name: 'bafoeg-antraege.csv',
          format: 'CSV',
          body:
            'Jahr;Anträge;Bewilligt\n' +
            [2020, 2021, 2022, 2023, 2024, 2025]
              .map((y) => {
                const a = 1500 + Math.floor(r() * 600);
                return `${y};${de(a)};${de(Math.floor(a * (0.6 + r() * 0.3)))}`;
              })
              .join('\n') +
            '\n',
        },
      ],
    },
    {
      slug: 'kreistag-sitzverteilung',
      title: 'Sitzverteilung im Kreistag',
      notes: `Sitze der Fraktionen im Kreistag nach der Kommunalwahl 2025.${GENERATED}`,
      keywords: ['Kreistag', 'Politik', 'Sitzverteilung'],
      themes: ['GOVE'],
      unit: 'kreistagsbuero',
      frequency: 'NEVER',
      files: [
        {
          name: 'kreistag-sitze.json',
          format: 'JSON',
          body: JSON.stringify(
            { wahl: '2025-09-14', sitze: { CDU: 26, SPD: 14, GRÜNE: 10, FDP: 5, AfD: 8, Sonstige: 3 } },
            null,
            2,
          ),
        },
      ],
    },
  ];
}

export async function seedDemoCatalogue(kernel: Kernel): Promise<number> {
  const tenants = await kernel.tenants.list();
  const kreis = tenants.find((t) => t.kind === 'kreis');
  if (!kreis) return 0;
  const towns = tenants.filter((t) => t.kind === 'gemeinde');
  const { rows } = await kernel.db.pool.query<{ name: string }>(`select name from open_data.datasets`);
  const existing = new Set(rows.map((r) => r.name));
  const plans: { tenant: Tenant; demo: Demo }[] = [
    ...kreisDemos(kreis, towns).map((demo) => ({ tenant: kreis, demo })),
    ...towns.flatMap((t, i) => townDemos(t, i + 1).map((demo) => ({ tenant: t, demo }))),
  ];
  const units = await kernel.tenants.orgUnits();
  const at = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));
  let created = 0;
  for (const { tenant, demo } of plans) {
    const name = tenant.kind === 'kreis' ? `kreis-${demo.slug}` : `${slugify(tenant.name)}-${demo.slug}`;
    if (existing.has(name)) continue;
    const unit = demo.unit ? units.find((u) => u.tenantId === tenant.id && u.slug === demo.unit) : undefined;
    const stored: { f: DemoFile; file: Awaited<ReturnType<Kernel['files']['put']>> }[] = [];
    for (const f of demo.files)
      stored.push({
        f,
        file: await kernel.files.put(Buffer.from(f.body, 'utf8'), {
          declaredName: f.name,
          tenantId: tenant.id,
        }),
      });
    const input: DatasetInput = {
      name,
      tenantId: tenant.id,
      orgUnitId: unit?.id ?? null,
      title: demo.title,
      notes: demo.notes,
      keywords: demo.keywords,
      themes: demo.themes,
      temporalStart: '2025-01-01',
      temporalEnd: '2025-12-31',
      frequency: demo.frequency,
      licenseId: created % 4 === 3 ? 'dl-zero-de/2.0' : 'dl-by-de/2.0',
      attribution: tenant.name,
      contactName: unit?.name ?? tenant.name,
      contactEmail: unit?.email ?? tenant.email,
      landingPage: null,
    };
    const id = randomUUID();
    await inTransaction(kernel.db.pool, async (c) => {
      await insertDataset(c, id, input, at);
      for (const { f, file } of stored)
        await insertResource(
          c,
          randomUUID(),
          id,
          {
            name: f.name,
            description: demo.title,
            url: null,
            fileId: file.id,
            format: f.format,
            mediaType: file.mediaType,
            byteSize: file.size,
            checksum: file.sha256,
          },
          at,
        );
      await touchDataset(c, id, at);
      await insertRevision(c, id, at, { accountId: null, name: 'Demo-Daten' }, 'create', { seed: true });
    });
    await indexDataset(kernel, id);
    created++;
  }
  return created;
}
