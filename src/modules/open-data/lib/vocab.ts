/**
 * Controlled vocabularies used by the open-data module: dcat-ap.de licences, EU data themes,
 * EU frequencies, EU file types and their IANA media types.
 */
import { readFileSync } from 'node:fs';

export interface License {
  id: string;
  title: string;
  url: string | null;
  open: boolean;
}

const licenseFile = JSON.parse(readFileSync(new URL('../data/licenses.json', import.meta.url), 'utf8')) as {
  licenses: License[];
};
export const LICENSES: readonly License[] = licenseFile.licenses;
const LICENSE_BY_ID = new Map(LICENSES.map((l) => [l.id, l]));
export function license(id: string): License | undefined {
  return LICENSE_BY_ID.get(id);
}
export const LICENSE_BASE = 'http://dcat-ap.de/def/licenses/';
export const licenseUri = (id: string) => `${LICENSE_BASE}${id}`;
/** Licences that require an attribution text (dcatde:licenseAttributionByText). */
export const needsAttribution = (id: string) => /(^|-)by(-|\/|$)|^dl-by|^cc-by|^odby/.test(id);

const fileTypes = JSON.parse(readFileSync(new URL('../data/file-types.json', import.meta.url), 'utf8')) as {
  codes: string[];
};
export const FILE_TYPES: ReadonlySet<string> = new Set(fileTypes.codes);
export const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';

/** Common formats: EU file-type code → IANA media type, machine-readable, non-proprietary. */
export const FORMATS: Record<string, { mediaType: string; machineReadable: boolean; open: boolean }> = {
  CSV: { mediaType: 'text/csv', machineReadable: true, open: true },
  JSON: { mediaType: 'application/json', machineReadable: true, open: true },
  GEOJSON: { mediaType: 'application/geo+json', machineReadable: true, open: true },
  XML: { mediaType: 'application/xml', machineReadable: true, open: true },
  RDF_TURTLE: { mediaType: 'text/turtle', machineReadable: true, open: true },
  RDF_XML: { mediaType: 'application/rdf+xml', machineReadable: true, open: true },
  JSON_LD: { mediaType: 'application/ld+json', machineReadable: true, open: true },
  ICS: { mediaType: 'text/calendar', machineReadable: true, open: true },
  KML: { mediaType: 'application/vnd.google-earth.kml+xml', machineReadable: true, open: true },
  ODS: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', machineReadable: true, open: true },
  XLSX: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    machineReadable: true,
    open: false,
  },
  XLS: { mediaType: 'application/vnd.ms-excel', machineReadable: true, open: false },
  TXT: { mediaType: 'text/plain', machineReadable: false, open: true },
  PDF: { mediaType: 'application/pdf', machineReadable: false, open: true },
  HTML: { mediaType: 'text/html', machineReadable: false, open: true },
  ZIP: { mediaType: 'application/zip', machineReadable: false, open: true },
  SHP: { mediaType: 'application/x-shapefile', machineReadable: true, open: false },
};
/** Format aliases clients send (CKAN free text) → EU code. */
const ALIASES: Record<string, string> = {
  ICAL: 'ICS',
  'GEO+JSON': 'GEOJSON',
  TURTLE: 'RDF_TURTLE',
  TTL: 'RDF_TURTLE',
};
export function normaliseFormat(f: string): string {
  const up = f.trim().toUpperCase().replace(/^\./, '');
  return ALIASES[up] ?? up;
}
export function formatFromMediaType(mediaType: string): string | undefined {
  const mt = mediaType.split(';')[0]!.trim().toLowerCase();
  for (const [code, f] of Object.entries(FORMATS)) if (f.mediaType === mt) return code;
  return undefined;
}
export function formatFromName(name: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toUpperCase();
  if (!ext) return undefined;
  const code = normaliseFormat(ext);
  return FORMATS[code] ? code : undefined;
}

export const THEMES: Record<string, { de: string; en: string }> = {
  AGRI: {
    de: 'Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel',
    en: 'Agriculture, fisheries, forestry and food',
  },
  ECON: { de: 'Wirtschaft und Finanzen', en: 'Economy and finance' },
  EDUC: { de: 'Bildung, Kultur und Sport', en: 'Education, culture and sport' },
  ENER: { de: 'Energie', en: 'Energy' },
  ENVI: { de: 'Umwelt', en: 'Environment' },
  GOVE: { de: 'Regierung und öffentlicher Sektor', en: 'Government and public sector' },
  HEAL: { de: 'Gesundheit', en: 'Health' },
  INTR: { de: 'Internationale Themen', en: 'International issues' },
  JUST: {
    de: 'Justiz, Rechtssystem und öffentliche Sicherheit',
    en: 'Justice, legal system and public safety',
  },
  REGI: { de: 'Regionen und Städte', en: 'Regions and cities' },
  SOCI: { de: 'Bevölkerung und Gesellschaft', en: 'Population and society' },
  TECH: { de: 'Wissenschaft und Technologie', en: 'Science and technology' },
  TRAN: { de: 'Verkehr', en: 'Transport' },
};
export const THEME_BASE = 'http://publications.europa.eu/resource/authority/data-theme/';

export const FREQUENCIES: Record<string, { de: string; en: string }> = {
  CONT: { de: 'laufend', en: 'continuous' },
  HOURLY: { de: 'stündlich', en: 'hourly' },
  DAILY: { de: 'täglich', en: 'daily' },
  WEEKLY: { de: 'wöchentlich', en: 'weekly' },
  MONTHLY: { de: 'monatlich', en: 'monthly' },
  QUARTERLY: { de: 'vierteljährlich', en: 'quarterly' },
  ANNUAL: { de: 'jährlich', en: 'annual' },
  IRREG: { de: 'unregelmäßig', en: 'irregular' },
  NEVER: { de: 'nie', en: 'never' },
  UNKNOWN: { de: 'unbekannt', en: 'unknown' },
};
export const FREQUENCY_BASE = 'http://publications.europa.eu/resource/authority/frequency/';
