import { readFileSync } from 'node:fs';
import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Loads the local services of the Rhein-Kreis Neuss and its eight towns from
 * local-services.json (demo content with real structure; the file names its sources: LeiKa keys
 * and OZG ids from catalogue/*.csv, fee amounts are demo values with the real legal basis) and
 * checks it against the schema below. A faulty file stops the seed with every problem named by
 * its JSON pointer, e.g. "/services/3/fees/0/amount: must be string".
 */

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Lang = (max: number) =>
  Type.Object({ de: Text(max), en: Type.String({ maxLength: max }) }, { additionalProperties: false });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 });
const Url = Type.String({ pattern: '^(/[^/\\\\]|https://)', maxLength: 500 });

const ChannelSchema = Type.Union([
  Type.Literal('online'),
  Type.Literal('appointment'),
  Type.Literal('in_person'),
  Type.Literal('phone'),
  Type.Literal('email'),
]);

const FeeSchema = Type.Object(
  { label: Lang(200), amount: Text(200), legalBasis: Text(500) },
  { additionalProperties: false },
);

/** Where a municipal service is handled by someone else than the town's own unit. */
const OverrideSchema = Type.Object(
  { tenant: Type.Union([Type.Literal('kreis'), Type.Literal('self')]), unit: Slug },
  { additionalProperties: false },
);

const ServiceSchema = Type.Object(
  {
    slug: Slug,
    level: Type.Union([Type.Literal('kreis'), Type.Literal('gemeinde')]),
    /** Org unit slug: of the Kreis (level kreis) or of each town (level gemeinde). */
    unit: Slug,
    /** Per-town exceptions (level gemeinde). */
    overrides: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9-]+$' }), OverrideSchema)),
    leikaKey: Type.Union([Type.String({ pattern: '^[0-9]{14}$' }), Type.Null()]),
    ozgId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    /** Only needed when ozgId is null (else taken from the OZG catalogue). */
    themenfeld: Type.Optional(Text(200)),
    lebenslagen: Type.Optional(Type.Array(Text(200))),
    title: Lang(200),
    summary: Lang(1000),
    body: Type.Optional(
      Type.Object({ de: Text(20000), en: Type.Optional(Text(20000)) }, { additionalProperties: false }),
    ),
    easyLanguage: Type.Optional(Text(5000)),
    keywords: Type.String({ maxLength: 1000 }),
    fees: Type.Array(FeeSchema, { maxItems: 10 }),
    documents: Type.Array(Lang(300), { maxItems: 30 }),
    processingDays: Type.Union([Type.Integer({ minimum: 0, maximum: 3650 }), Type.Null()]),
    processing: Type.Optional(Lang(500)),
    legalBasis: Type.String({ maxLength: 2000 }),
    channels: Type.Array(ChannelSchema, { uniqueItems: true }),
    onlineUrl: Type.Optional(Url),
    appointmentUrl: Type.Optional(Url),
  },
  { additionalProperties: false },
);

const FileSchema = Type.Object(
  {
    $comment: Type.String(),
    source: Type.Record(Type.String(), Type.String()),
    services: Type.Array(ServiceSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Channel = Static<typeof ChannelSchema>;
export type Fee = Static<typeof FeeSchema>;
export type Override = Static<typeof OverrideSchema>;
export type LocalServiceSeed = Static<typeof ServiceSchema>;

export class SeedFileError extends Error {
  override name = 'SeedFileError';
}

/** Parses and checks a seed file's text; throws SeedFileError naming every problem. */
export function parseLocalServices(text: string, origin = 'local-services.json'): LocalServiceSeed[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SeedFileError(`${origin}: not valid JSON (${(err as Error).message})`);
  }
  if (!Value.Check(FileSchema, data)) {
    // Each service on its own, so that every faulty service is named (one pointer, one message).
    const problems = new Map<string, string>();
    const collect = (schema: TSchema, value: unknown, prefix: string) => {
      for (const e of Value.Errors(schema, value))
        if (e.keyword !== 'boolean') problems.set(`${prefix}${e.instancePath}` || '/', e.message);
    };
    const services = (data as { services?: unknown }).services;
    if (Array.isArray(services)) {
      collect(Type.Object({ ...FileSchema.properties, services: Type.Array(Type.Unknown()) }), data, '');
      services.forEach((s, i) => collect(ServiceSchema, s, `/services/${i}`));
    } else collect(FileSchema, data, '');
    const list = [...problems].slice(0, 30).map(([where, msg]) => `${where}: ${msg}`);
    throw new SeedFileError(`${origin} does not match its schema:\n  ${list.join('\n  ')}`);
  }
  const services = data.services;
  const seen = new Set<string>();
  for (const [i, s] of services.entries()) {
    if (seen.has(s.slug)) throw new SeedFileError(`${origin}: /services/${i}/slug "${s.slug}" appears twice`);
    seen.add(s.slug);
    if (s.channels.includes('online') && !s.onlineUrl)
      throw new SeedFileError(`${origin}: /services/${i} has the channel "online" but no onlineUrl`);
  }
  return services;
}

const FILE = new URL('./local-services.json', import.meta.url);

export const LOCAL_SERVICES: LocalServiceSeed[] = parseLocalServices(readFileSync(FILE, 'utf8'));
