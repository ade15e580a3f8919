/**
 * GeoJSON preview without map tiles: the geometries projected (equirectangular, scaled by the
 * cosine of the mean latitude) into an inline SVG, plus a list of the features as text
 * alternative.
 */
export interface GeoPreview {
  paths: { d: string; kind: 'point' | 'line' | 'polygon'; label: string }[];
  points: { x: number; y: number; label: string }[];
  features: { label: string; kind: string; lon?: number; lat?: number }[];
  width: number;
  height: number;
  featureCount: number;
}

type Pos = [number, number];
export class GeoJsonError extends Error {}

function collect(g: unknown, out: { kind: string; rings: Pos[][]; point?: Pos }[]): void {
  if (!g || typeof g !== 'object') return;
  const geom = g as { type?: string; coordinates?: unknown; geometries?: unknown[] };
  const c = geom.coordinates as never;
  const isPos = (p: unknown): p is Pos =>
    Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number';
  switch (geom.type) {
    case 'Point':
      if (isPos(c)) out.push({ kind: 'point', rings: [], point: c });
      break;
    case 'MultiPoint':
      for (const p of (c as unknown[] | undefined) ?? [])
        if (isPos(p)) out.push({ kind: 'point', rings: [], point: p });
      break;
    case 'LineString':
      out.push({ kind: 'line', rings: [((c as unknown[] | undefined) ?? []).filter(isPos)] });
      break;
    case 'MultiLineString':
    case 'Polygon':
      out.push({
        kind: geom.type === 'Polygon' ? 'polygon' : 'line',
        rings: ((c as unknown[][] | undefined) ?? []).map((r) => r.filter(isPos)),
      });
      break;
    case 'MultiPolygon':
      for (const poly of (c as unknown[][][] | undefined) ?? [])
        out.push({ kind: 'polygon', rings: poly.map((r) => r.filter(isPos)) });
      break;
    case 'GeometryCollection':
      for (const x of geom.geometries ?? []) collect(x, out);
      break;
  }
}

export function geoPreview(json: unknown, maxFeatures = 500): GeoPreview {
  if (!json || typeof json !== 'object') throw new GeoJsonError('not an object');
  const root = json as { type?: string; features?: unknown[]; geometry?: unknown };
  const features =
    root.type === 'FeatureCollection' && Array.isArray(root.features)
      ? root.features
      : root.type === 'Feature'
        ? [root]
        : root.type
          ? [{ type: 'Feature', geometry: root, properties: {} }]
          : null;
  if (!features) throw new GeoJsonError('not GeoJSON');
  const items = features.slice(0, maxFeatures).map((f, i) => {
    const feat = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    const props = feat.properties ?? {};
    const raw = props.name ?? props.title ?? props.bezeichnung;
    const label = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : `Objekt ${i + 1}`;
    const geoms: { kind: string; rings: Pos[][]; point?: Pos }[] = [];
    collect(feat.geometry, geoms);
    return { label, geoms };
  });
  const all: Pos[] = items.flatMap((i) => i.geoms.flatMap((g) => (g.point ? [g.point] : g.rings.flat())));
  if (!all.length) throw new GeoJsonError('no coordinates');
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const minX = Math.min(...lons);
  const maxX = Math.max(...lons);
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const w = Math.max((maxX - minX) * k, 1e-4);
  const h = Math.max(maxY - minY, 1e-4);
  const width = 600;
  const height = Math.round(Math.min(600, Math.max(200, (width * h) / w)));
  const pad = 20;
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
  const px = (p: Pos) => [pad + (p[0] - minX) * k * scale, height - pad - (p[1] - minY) * scale] as const;
  const out: GeoPreview = {
    paths: [],
    points: [],
    features: [],
    width,
    height,
    featureCount: features.length,
  };
  for (const it of items) {
    for (const g of it.geoms) {
      if (g.point) {
        const [x, y] = px(g.point);
        out.points.push({ x: +x.toFixed(1), y: +y.toFixed(1), label: it.label });
      } else {
        const d = g.rings
          .filter((r) => r.length)
          .map(
            (r) =>
              `M${r
                .map((p) =>
                  px(p)
                    .map((v) => v.toFixed(1))
                    .join(' '),
                )
                .join(' L')}${g.kind === 'polygon' ? ' Z' : ''}`,
          )
          .join(' ');
        out.paths.push({ d, kind: g.kind as 'line' | 'polygon', label: it.label });
      }
    }
    const first = it.geoms[0];
    out.features.push({
      label: it.label,
      kind: first?.kind ?? '–',
      lon: first?.point?.[0],
      lat: first?.point?.[1],
    });
  }
  return out;
}
