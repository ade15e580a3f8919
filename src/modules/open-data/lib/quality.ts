/**
 * Metadata quality after the EU Metadata Quality Assessment (data.europa.eu MQA methodology) as
 * GovData uses it: five dimensions with points per indicator (405 at most) and a hint (i18n key
 * `open-data.quality.hint.<indicator>`) for every indicator that is missing.
 */
import type { DatasetRecord } from '../model.ts';
import { FILE_TYPES, FORMATS, license } from './vocab.ts';

export type Dimension =
  'findability' | 'accessibility' | 'interoperability' | 'reusability' | 'contextuality';

export interface Indicator {
  key: string;
  dimension: Dimension;
  points: number;
  met: boolean;
}

export interface Quality {
  score: number;
  max: number;
  rating: 'excellent' | 'good' | 'sufficient' | 'bad';
  dimensions: Record<Dimension, { score: number; max: number }>;
  indicators: Indicator[];
}

/** Share of distributions meeting a test (MQA scores distribution indicators proportionally). */
function share(d: DatasetRecord, test: (r: DatasetRecord['resources'][number]) => boolean): number {
  if (!d.resources.length) return 0;
  return d.resources.filter(test).length / d.resources.length;
}

export function assessQuality(d: DatasetRecord): Quality {
  const ind: { key: string; dimension: Dimension; max: number; ratio: number }[] = [
    { key: 'keywords', dimension: 'findability', max: 30, ratio: d.keywords.length ? 1 : 0 },
    { key: 'themes', dimension: 'findability', max: 30, ratio: d.themes.length ? 1 : 0 },
    { key: 'spatial', dimension: 'findability', max: 20, ratio: 1 },
    { key: 'temporal', dimension: 'findability', max: 20, ratio: d.temporalStart || d.temporalEnd ? 1 : 0 },
    { key: 'accessUrl', dimension: 'accessibility', max: 50, ratio: d.resources.length ? 1 : 0 },
    {
      key: 'downloadUrl',
      dimension: 'accessibility',
      max: 20,
      ratio: share(d, (r) => !!(r.fileId || r.platformDistribution || r.url)),
    },
    {
      key: 'downloadReachable',
      dimension: 'accessibility',
      max: 30,
      ratio: share(d, (r) => !!(r.fileId || r.platformDistribution)),
    },
    { key: 'format', dimension: 'interoperability', max: 20, ratio: share(d, (r) => !!r.format) },
    { key: 'mediaType', dimension: 'interoperability', max: 10, ratio: share(d, (r) => !!r.mediaType) },
    {
      key: 'formatVocabulary',
      dimension: 'interoperability',
      max: 10,
      ratio: share(d, (r) => FILE_TYPES.has(r.format)),
    },
    {
      key: 'nonProprietary',
      dimension: 'interoperability',
      max: 20,
      ratio: share(d, (r) => !!FORMATS[r.format]?.open),
    },
    {
      key: 'machineReadable',
      dimension: 'interoperability',
      max: 20,
      ratio: share(d, (r) => !!FORMATS[r.format]?.machineReadable),
    },
    {
      key: 'dcatApCompliance',
      dimension: 'interoperability',
      max: 30,
      ratio: d.resources.length && d.keywords.length ? 1 : 0,
    },
    { key: 'license', dimension: 'reusability', max: 20, ratio: d.licenseId ? 1 : 0 },
    { key: 'licenseVocabulary', dimension: 'reusability', max: 10, ratio: license(d.licenseId) ? 1 : 0 },
    { key: 'accessRights', dimension: 'reusability', max: 10, ratio: 1 },
    { key: 'accessRightsVocabulary', dimension: 'reusability', max: 5, ratio: 1 },
    {
      key: 'contactPoint',
      dimension: 'reusability',
      max: 20,
      ratio: d.contactEmail || d.contactName ? 1 : 0,
    },
    { key: 'publisher', dimension: 'reusability', max: 10, ratio: 1 },
    { key: 'rights', dimension: 'contextuality', max: 5, ratio: d.attribution ? 1 : 0 },
    { key: 'byteSize', dimension: 'contextuality', max: 5, ratio: share(d, (r) => r.byteSize !== null) },
    { key: 'issued', dimension: 'contextuality', max: 5, ratio: 1 },
    { key: 'modified', dimension: 'contextuality', max: 5, ratio: 1 },
  ];
  const dimensions = {
    findability: { score: 0, max: 0 },
    accessibility: { score: 0, max: 0 },
    interoperability: { score: 0, max: 0 },
    reusability: { score: 0, max: 0 },
    contextuality: { score: 0, max: 0 },
  };
  const indicators: Indicator[] = [];
  let score = 0;
  let max = 0;
  for (const i of ind) {
    const pts = Math.round(i.max * i.ratio);
    score += pts;
    max += i.max;
    dimensions[i.dimension].score += pts;
    dimensions[i.dimension].max += i.max;
    indicators.push({ key: i.key, dimension: i.dimension, points: pts, met: i.ratio >= 1 });
  }
  const rating = score > 350 ? 'excellent' : score > 220 ? 'good' : score > 120 ? 'sufficient' : 'bad';
  return { score, max, rating, dimensions, indicators };
}
