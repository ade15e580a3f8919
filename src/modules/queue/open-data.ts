import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetContext, DatasetSource } from '../../kernel/extensions.ts';
import type { Kernel } from '../../kernel/kernel.ts';

export const DATASET_KEY = 'wartezeiten-strassenverkehrsamt';
const DAYS = 366;

interface HourlyRow {
  location: string;
  name: string;
  hour_start: Date;
  issued: number;
  served: number;
  missed: number;
  avg_wait_seconds: number | null;
  p75_wait_seconds: number | null;
  avg_handling_seconds: number | null;
}

/** The Kreis tenant id from the tenant seed (the publisher), read once at start. */
function kreisId(kernel: Kernel): string {
  try {
    const file = JSON.parse(readFileSync(join(kernel.config.tenantSeedDir, 'tenant.json'), 'utf8')) as {
      kreis?: { slug?: string };
    };
    return file.kreis?.slug ?? 'rhein-kreis-neuss';
  } catch {
    return 'rhein-kreis-neuss';
  }
}

/** Hourly aggregates of the Straßenverkehrsamt locations (slug "strassenverkehrsamt-…"), last year. */
async function rows(ctx: DatasetContext): Promise<HourlyRow[]> {
  const { rows } = await ctx.db.pool.query<HourlyRow>(
    `select l.slug as location, l.name, s.hour_start, s.issued, s.served, s.missed, s.avg_wait_seconds,
       s.p75_wait_seconds, s.avg_handling_seconds
     from queue.hourly_stats s join queue.locations l on l.id = s.location_id
     where l.slug like 'strassenverkehrsamt-%' and s.hour_start >= $1
     order by s.hour_start, l.slug`,
    [new Date(ctx.clock.now().getTime() - DAYS * 86_400_000)],
  );
  return rows;
}

async function modified(ctx: DatasetContext): Promise<Date> {
  const { rows } = await ctx.db.pool.query<{ m: Date | null }>(
    `select max(s.computed_at) as m from queue.hourly_stats s join queue.locations l on l.id = s.location_id
     where l.slug like 'strassenverkehrsamt-%'`,
  );
  return rows[0]?.m ?? new Date('2026-11-23T00:00:00Z');
}

const HEADER = [
  'location',
  'location_name',
  'hour_start',
  'tickets_issued',
  'customers_served',
  'customers_missed',
  'avg_wait_seconds',
  'p75_wait_seconds',
  'avg_handling_seconds',
];

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The open-data dataset of the hourly waiting-time aggregates (no personal data). */
export function waitingTimesDataset(kernel: Kernel): DatasetSource {
  return {
    key: DATASET_KEY,
    module: 'queue',
    tenantId: kreisId(kernel),
    title: {
      de: 'Wartezeiten im Straßenverkehrsamt (Stundenwerte)',
      en: 'Waiting times at the vehicle registration and driving licence office (hourly)',
    },
    description: {
      de: 'Stündliche Kennzahlen der Warteschlangen an den Standorten des Straßenverkehrsamts: ausgegebene Wartemarken, bediente und nicht erschienene Kundinnen und Kunden, durchschnittliche und 75-%-Wartezeit sowie durchschnittliche Bearbeitungszeit in Sekunden. Enthält keine personenbezogenen Daten.',
      en: 'Hourly queue figures of the vehicle registration and driving licence office locations: tickets issued, customers served and missed, average and 75th-percentile waiting time and average handling time in seconds. Contains no personal data.',
    },
    keywords: ['Wartezeit', 'Straßenverkehrsamt', 'Zulassung', 'Führerschein', 'Bürgerservice'],
    themes: ['GOVE', 'TRAN'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'HOURLY',
    modified,
    distributions: [
      {
        key: 'csv',
        title: { de: 'Stundenwerte als CSV', en: 'Hourly figures as CSV' },
        format: 'CSV',
        mediaType: 'text/csv',
        async render(ctx) {
          const list = await rows(ctx);
          const body = [
            HEADER.join(','),
            ...list.map((r) =>
              [
                r.location,
                r.name,
                r.hour_start.toISOString(),
                r.issued,
                r.served,
                r.missed,
                r.avg_wait_seconds,
                r.p75_wait_seconds,
                r.avg_handling_seconds,
              ]
                .map(csvCell)
                .join(','),
            ),
          ].join('\r\n');
          return { body: `${body}\r\n`, modified: await modified(ctx) };
        },
      },
      {
        key: 'json',
        title: { de: 'Stundenwerte als JSON', en: 'Hourly figures as JSON' },
        format: 'JSON',
        mediaType: 'application/json',
        async render(ctx) {
          const list = await rows(ctx);
          const body = JSON.stringify(
            list.map((r) => ({
              location: r.location,
              locationName: r.name,
              hourStart: r.hour_start.toISOString(),
              ticketsIssued: r.issued,
              customersServed: r.served,
              customersMissed: r.missed,
              avgWaitSeconds: r.avg_wait_seconds,
              p75WaitSeconds: r.p75_wait_seconds,
              avgHandlingSeconds: r.avg_handling_seconds,
            })),
          );
          return { body, modified: await modified(ctx) };
        },
      },
    ],
  };
}
