/**
 * SHACL validation harness for the DCAT-AP.de tests. Shapes: DCAT-AP 3.0.0 (SEMIC), DCAT-AP.de
 * 3.0 and the GovData quality-dashboard shapes; the vocabularies (licences, contributors, EU
 * tables, FOAF/vCard/ORG copies) go into the data graph, as ../shared/data/README.md explains.
 * Files copied from ../shared/data/dcat-ap-de (sources and licences in dcat-ap-de/SOURCE.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { RdfXmlParser } from 'rdfxml-streaming-parser';

const DIR = fileURLToPath(new URL('./dcat-ap-de/', import.meta.url));
const SHAPE_FILES = [
  'shapes/semic-dcat-ap-3.0.0-SHACL.ttl',
  'shapes/v30-dcat-ap-SHACL-DE.ttl',
  'shapes/v30-dcat-ap-de-controlledvocabularies.ttl',
  'shapes/v30-dcat-ap-de-deprecated.ttl',
  'shapes/v30-dcat-ap-de-imports.ttl',
  'shapes/v30-dcat-ap-spec-german-additions.ttl',
  'shapes/mqa-db-shapes.ttl',
];
const VOCAB_FILES = [
  'shapes/licenses.rdf',
  'shapes/contributors.rdf',
  'shapes/v102-lists.ttl',
  'shapes/mirror-foaf_0_1.rdf',
  'shapes/mirror-vcard.ttl',
  'shapes/mirror-org.ttl',
  ...readdirSync(`${DIR}vocab`).map((f) => `vocab/${f}`),
];

export function parseTurtle(text: string, baseIRI?: string): Quad[] {
  return new Parser({ baseIRI }).parse(text);
}

export function parseRdfXml(text: string, baseIRI = 'http://example.org/'): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const p = new RdfXmlParser({ baseIRI });
    p.on('data', (q: Quad) => quads.push(q));
    p.on('error', reject);
    p.on('end', () => resolve(quads));
    p.write(text);
    p.end();
  });
}

async function loadFile(rel: string): Promise<Quad[]> {
  const text = readFileSync(DIR + rel, 'utf8');
  return rel.endsWith('.rdf') ? parseRdfXml(text, 'http://dcat-ap.de/def/') : parseTurtle(text);
}

let cached: { shapes: Store; vocab: Quad[] } | null = null;
async function load() {
  if (!cached) {
    const shapes = new Store();
    for (const f of SHAPE_FILES) shapes.addQuads(await loadFile(f));
    const vocab: Quad[] = [];
    for (const f of VOCAB_FILES) vocab.push(...(await loadFile(f)));
    cached = { shapes, vocab };
  }
  return cached;
}

export interface Finding {
  severity: string;
  message: string;
  focus: string;
  path: string;
}

const SH = 'http://www.w3.org/ns/shacl#';

/**
 * Validates data quads; returns the violations: sh:Violation results and GovData quality
 * findings (custom severities), except the dashboard's counting rules (govdata:count_*), which
 * fire for every distribution by design.
 */
export async function validate(data: Quad[]): Promise<{ violations: Finding[]; all: number }> {
  const { shapes, vocab } = await load();
  const store = new Store();
  store.addQuads(vocab);
  store.addQuads(data);
  // Every shape file is loaded above; owl:imports point at the same files online (never fetched).
  const validator = new SHACLValidator(shapes, { importGraph: () => new Store() });
  const report = await validator.validate(store);
  const violations: Finding[] = [];
  for (const r of report.results) {
    const severity = r.severity.value;
    if (severity === `${SH}Info` || severity === `${SH}Warning`) continue;
    if (/govdata\.de\/mqa\/#count_/.test(severity)) continue;
    violations.push({
      severity,
      message: r.message.map((m) => m.value).join(' | '),
      focus: r.focusNode.value,
      path: r.path.value,
    });
  }
  return { violations, all: report.results.length };
}

export function exampleTurtle(): string {
  return readFileSync(`${DIR}v30-example-dataset.ttl`, 'utf8');
}
