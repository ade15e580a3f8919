/**
 * DCAT-AP.de 3.0 for GovData: the catalogue as RDF quads (no blank nodes — every node has an IRI,
 * so the three serialisations are trivially the same graph), written as Turtle (n3), RDF/XML and
 * JSON-LD with an inline context (both written here).
 */
import { DataFactory, type Quad, type Quad_Object } from 'n3';
import { writeTurtle } from './turtle.ts';
import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import type { DatasetRecord } from '../model.ts';
import { catalogUri, datasetPath, datasetUri, distributionUri, orgUri, resourceUrl, base } from './urls.ts';
import {
  FILE_TYPE_BASE,
  FILE_TYPES,
  FORMATS,
  FREQUENCY_BASE,
  FREQUENCIES,
  licenseUri,
  THEME_BASE,
  THEMES,
} from './vocab.ts';

const namedNode = (v: string) => DataFactory.namedNode(v);
const literal = (v: string, lang?: string | ReturnType<typeof DataFactory.namedNode>) =>
  DataFactory.literal(v, lang);
const quad = (s: Quad['subject'], p: Quad['predicate'], o: Quad_Object) => DataFactory.quad(s, p, o);

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  adms: 'http://www.w3.org/ns/adms#',
} as const;

type Prefix = keyof typeof NS;
const iri = (p: Prefix, local: string) => namedNode(NS[p] + local);

export interface DcatOptions {
  baseUrl: string;
  contributorId: string;
  catalogTitle: string;
  catalogDescription: string;
  tenants: Map<string, Tenant>;
  units: Map<string, OrgUnit>;
  kreisId: string;
}

export interface PageInfo {
  /** URL of this page (without the page parameter for page 1 is fine). */
  pageUrl: (page: number) => string;
  page: number;
  perPage: number;
  total: number;
}

const dateTime = (d: Date) => literal(d.toISOString(), namedNode(`${NS.xsd}dateTime`));
const date = (s: string) => literal(s, namedNode(`${NS.xsd}date`));

function geocoding(t: Tenant): { level: string; uri: string } {
  if (t.kind === 'kreis')
    return {
      level: 'http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict',
      uri: `http://dcat-ap.de/def/politicalGeocoding/districtKey/${t.ags.slice(0, 5)}`,
    };
  return {
    level: 'http://dcat-ap.de/def/politicalGeocoding/Level/municipality',
    uri: `http://dcat-ap.de/def/politicalGeocoding/regionalKey/${t.ars}`,
  };
}

function publisherQuads(o: DcatOptions, t: Tenant, out: Quad[]) {
  const s = namedNode(orgUri(o.baseUrl, t.id));
  out.push(quad(s, iri('rdf', 'type'), iri('foaf', 'Agent')));
  out.push(quad(s, iri('rdf', 'type'), iri('foaf', 'Organization')));
  out.push(quad(s, iri('foaf', 'name'), literal(t.name, 'de')));
  out.push(quad(s, iri('dct', 'type'), namedNode('http://purl.org/adms/publishertype/LocalAuthority')));
  if (t.website) out.push(quad(s, iri('foaf', 'homepage'), namedNode(t.website)));
}

export function datasetQuads(o: DcatOptions, d: DatasetRecord, out: Quad[], publishers: Set<string>): void {
  const uri = datasetUri(o.baseUrl, d.id);
  const s = namedNode(uri);
  const t = o.tenants.get(d.tenantId)!;
  const unit = d.orgUnitId ? o.units.get(d.orgUnitId) : undefined;
  const add = (p: Quad['predicate'], obj: Quad_Object) => out.push(quad(s, p, obj));
  add(iri('rdf', 'type'), iri('dcat', 'Dataset'));
  add(iri('dct', 'title'), literal(d.title, 'de'));
  add(iri('dct', 'description'), literal(d.notes || d.title, 'de'));
  add(iri('dct', 'identifier'), literal(uri));
  add(iri('dct', 'issued'), dateTime(d.issued));
  add(iri('dct', 'modified'), dateTime(d.modifiedAt));
  add(iri('dct', 'publisher'), namedNode(orgUri(o.baseUrl, t.id)));
  if (!publishers.has(t.id)) {
    publishers.add(t.id);
    publisherQuads(o, t, out);
  }
  add(iri('dcatde', 'contributorID'), namedNode(o.contributorId));
  const geo = geocoding(t);
  add(iri('dcatde', 'politicalGeocodingLevelURI'), namedNode(geo.level));
  add(iri('dcatde', 'politicalGeocodingURI'), namedNode(geo.uri));
  add(iri('dct', 'spatial'), namedNode(geo.uri));
  for (const k of d.keywords) add(iri('dcat', 'keyword'), literal(k, 'de'));
  for (const th of d.themes) if (THEMES[th]) add(iri('dcat', 'theme'), namedNode(THEME_BASE + th));
  if (d.frequency && FREQUENCIES[d.frequency])
    add(iri('dct', 'accrualPeriodicity'), namedNode(FREQUENCY_BASE + d.frequency));
  add(
    iri('dct', 'accessRights'),
    namedNode('http://publications.europa.eu/resource/authority/access-right/PUBLIC'),
  );
  add(iri('dcat', 'landingPage'), namedNode(`${base(o.baseUrl)}${datasetPath(d.name)}`));
  // Contact point: the office when it has an e-mail, else the dataset's contact, else the tenant.
  const contact = namedNode(`${uri}#kontakt`);
  add(iri('dcat', 'contactPoint'), contact);
  out.push(quad(contact, iri('rdf', 'type'), iri('vcard', 'Organization')));
  out.push(quad(contact, iri('vcard', 'fn'), literal(d.contactName ?? unit?.name ?? t.name)));
  const email = d.contactEmail ?? unit?.email ?? t.email;
  if (email) out.push(quad(contact, iri('vcard', 'hasEmail'), namedNode(`mailto:${email}`)));
  else out.push(quad(contact, iri('vcard', 'hasURL'), namedNode(t.website ?? base(o.baseUrl))));
  if (unit) {
    const m = namedNode(`${orgUri(o.baseUrl, t.id)}/aemter/${unit.slug}`);
    add(iri('dcatde', 'maintainer'), m);
    out.push(quad(m, iri('rdf', 'type'), iri('foaf', 'Agent')));
    out.push(quad(m, iri('foaf', 'name'), literal(unit.name, 'de')));
  }
  if (d.temporalStart || d.temporalEnd) {
    const per = namedNode(`${uri}#zeitraum`);
    add(iri('dct', 'temporal'), per);
    out.push(quad(per, iri('rdf', 'type'), iri('dct', 'PeriodOfTime')));
    if (d.temporalStart) out.push(quad(per, iri('dcat', 'startDate'), date(d.temporalStart)));
    if (d.temporalEnd) out.push(quad(per, iri('dcat', 'endDate'), date(d.temporalEnd)));
  }
  for (const r of d.resources) {
    const du = namedNode(distributionUri(o.baseUrl, d.id, r.id));
    add(iri('dcat', 'distribution'), du);
    const dq = (p: Quad['predicate'], obj: Quad_Object) => out.push(quad(du, p, obj));
    const url = resourceUrl(o.baseUrl, d, r);
    dq(iri('rdf', 'type'), iri('dcat', 'Distribution'));
    dq(iri('dct', 'title'), literal(r.name, 'de'));
    if (r.description) dq(iri('dct', 'description'), literal(r.description, 'de'));
    dq(iri('dcat', 'accessURL'), namedNode(url));
    if (r.fileId || r.platformDistribution || r.url) dq(iri('dcat', 'downloadURL'), namedNode(url));
    dq(iri('dct', 'license'), namedNode(licenseUri(d.licenseId)));
    if (d.attribution) dq(iri('dcatde', 'licenseAttributionByText'), literal(d.attribution));
    if (r.format && FILE_TYPES.has(r.format)) dq(iri('dct', 'format'), namedNode(FILE_TYPE_BASE + r.format));
    const mt = r.mediaType ?? FORMATS[r.format]?.mediaType;
    if (mt && /^[a-z]+\/[a-z0-9.+-]+$/i.test(mt))
      dq(iri('dcat', 'mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${mt}`));
    if (r.byteSize !== null)
      dq(iri('dcat', 'byteSize'), literal(String(r.byteSize), namedNode(`${NS.xsd}nonNegativeInteger`)));
    if (r.checksum) {
      const cs = namedNode(`${distributionUri(o.baseUrl, d.id, r.id)}#checksum`);
      dq(iri('spdx', 'checksum'), cs);
      out.push(quad(cs, iri('rdf', 'type'), iri('spdx', 'Checksum')));
      out.push(quad(cs, iri('spdx', 'algorithm'), iri('spdx', 'checksumAlgorithm_sha256')));
      out.push(quad(cs, iri('spdx', 'checksumValue'), literal(r.checksum, namedNode(`${NS.xsd}hexBinary`))));
    }
    dq(iri('dct', 'issued'), dateTime(r.createdAt));
    dq(iri('dct', 'modified'), dateTime(r.modifiedAt));
  }
}

/** The catalogue (one hydra page of it, or one dataset with `page` undefined). */
export function catalogQuads(o: DcatOptions, datasets: DatasetRecord[], page?: PageInfo): Quad[] {
  const out: Quad[] = [];
  const publishers = new Set<string>();
  const cat = namedNode(catalogUri(o.baseUrl));
  const kreis = o.tenants.get(o.kreisId)!;
  out.push(quad(cat, iri('rdf', 'type'), iri('dcat', 'Catalog')));
  out.push(quad(cat, iri('dct', 'title'), literal(o.catalogTitle, 'de')));
  out.push(quad(cat, iri('dct', 'description'), literal(o.catalogDescription, 'de')));
  out.push(quad(cat, iri('dct', 'publisher'), namedNode(orgUri(o.baseUrl, kreis.id))));
  out.push(quad(cat, iri('foaf', 'homepage'), namedNode(`${base(o.baseUrl)}/daten`)));
  publishers.add(kreis.id);
  publisherQuads(o, kreis, out);
  for (const d of datasets) {
    out.push(quad(cat, iri('dcat', 'dataset'), namedNode(datasetUri(o.baseUrl, d.id))));
    datasetQuads(o, d, out, publishers);
  }
  if (page) {
    const v = namedNode(page.pageUrl(page.page));
    const last = Math.max(1, Math.ceil(page.total / page.perPage));
    const int = (n: number) => literal(String(n), namedNode(`${NS.xsd}integer`));
    out.push(quad(cat, iri('hydra', 'view'), v));
    out.push(quad(v, iri('rdf', 'type'), iri('hydra', 'PartialCollectionView')));
    out.push(quad(v, iri('rdf', 'type'), iri('hydra', 'PagedCollection')));
    out.push(quad(v, iri('hydra', 'totalItems'), int(page.total)));
    out.push(quad(v, iri('hydra', 'itemsPerPage'), int(page.perPage)));
    out.push(quad(v, iri('hydra', 'first'), namedNode(page.pageUrl(1))));
    out.push(quad(v, iri('hydra', 'firstPage'), namedNode(page.pageUrl(1))));
    out.push(quad(v, iri('hydra', 'last'), namedNode(page.pageUrl(last))));
    out.push(quad(v, iri('hydra', 'lastPage'), namedNode(page.pageUrl(last))));
    if (page.page < last) {
      out.push(quad(v, iri('hydra', 'next'), namedNode(page.pageUrl(page.page + 1))));
      out.push(quad(v, iri('hydra', 'nextPage'), namedNode(page.pageUrl(page.page + 1))));
    }
    if (page.page > 1) {
      out.push(quad(v, iri('hydra', 'previous'), namedNode(page.pageUrl(Math.min(page.page - 1, last)))));
      out.push(quad(v, iri('hydra', 'previousPage'), namedNode(page.pageUrl(Math.min(page.page - 1, last)))));
    }
  }
  return out;
}

/** Drops repeated statements (an office maintains several datasets, a publisher publishes many). */
export function unique(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const o = q.object;
    const key = `${q.subject.value} ${q.predicate.value} ${o.termType} ${o.value} ${o.termType === 'Literal' ? `${o.language}|${o.datatype.value}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function toTurtle(quads: Quad[]): Promise<string> {
  return Promise.resolve(writeTurtle(quads, NS));
}

function qname(iriStr: string): { prefix: Prefix; local: string } {
  for (const [p, ns] of Object.entries(NS) as [Prefix, string][]) {
    if (iriStr.startsWith(ns)) {
      const local = iriStr.slice(ns.length);
      if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(local)) return { prefix: p, local };
    }
  }
  throw new Error(`no XML name for predicate ${iriStr}`);
}

const xmlEsc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');

function bySubject(quads: Quad[]): Map<string, Quad[]> {
  const m = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = m.get(q.subject.value) ?? [];
    list.push(q);
    m.set(q.subject.value, list);
  }
  return m;
}

export function toRdfXml(quads: Quad[]): string {
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF'];
  for (const [p, ns] of Object.entries(NS)) parts.push(`\n  xmlns:${p}="${ns}"`);
  parts.push('>\n');
  for (const [s, qs] of bySubject(quads)) {
    parts.push(`  <rdf:Description rdf:about="${xmlEsc(s)}">\n`);
    for (const q of qs) {
      const { prefix, local } = qname(q.predicate.value);
      const tag = `${prefix}:${local}`;
      if (q.object.termType === 'NamedNode')
        parts.push(`    <${tag} rdf:resource="${xmlEsc(q.object.value)}"/>\n`);
      else if (q.object.termType === 'Literal') {
        const lit = q.object;
        const attr = lit.language
          ? ` xml:lang="${lit.language}"`
          : lit.datatype.value !== `${NS.xsd}string`
            ? ` rdf:datatype="${xmlEsc(lit.datatype.value)}"`
            : '';
        parts.push(`    <${tag}${attr}>${xmlEsc(lit.value)}</${tag}>\n`);
      } else throw new Error('blank nodes are not used in the catalogue');
    }
    parts.push('  </rdf:Description>\n');
  }
  parts.push('</rdf:RDF>\n');
  return parts.join('');
}

export function toJsonLd(quads: Quad[]): string {
  const context: Record<string, string> = { ...NS };
  const graph: Record<string, unknown>[] = [];
  const compact = (i: string) => {
    for (const [p, ns] of Object.entries(NS))
      if (i.startsWith(ns) && i.length > ns.length) return `${p}:${i.slice(ns.length)}`;
    return i;
  };
  for (const [s, qs] of bySubject(quads)) {
    const node: Record<string, unknown> = { '@id': s };
    const types: string[] = [];
    for (const q of qs) {
      if (q.predicate.value === `${NS.rdf}type` && q.object.termType === 'NamedNode') {
        types.push(compact(q.object.value));
        continue;
      }
      const key = compact(q.predicate.value);
      let v: unknown;
      if (q.object.termType === 'NamedNode') v = { '@id': q.object.value };
      else if (q.object.termType === 'Literal') {
        const lit = q.object;
        v = lit.language
          ? { '@value': lit.value, '@language': lit.language }
          : lit.datatype.value === `${NS.xsd}string`
            ? { '@value': lit.value }
            : { '@value': lit.value, '@type': lit.datatype.value };
      } else throw new Error('blank nodes are not used in the catalogue');
      const list = (node[key] as unknown[] | undefined) ?? [];
      list.push(v);
      node[key] = list;
    }
    if (types.length) node['@type'] = types;
    graph.push(node);
  }
  return JSON.stringify({ '@context': context, '@graph': graph }, null, 1);
}
