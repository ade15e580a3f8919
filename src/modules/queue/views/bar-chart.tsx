import { formatNumber } from '../../../kernel/i18n/format.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';

export interface Bar {
  label: string;
  value: number | null;
}

/**
 * An accessible SVG bar chart: role="img" named by its title and described by a summary; the
 * exact figures are in the data table that always follows it. Labels are text (zoomable),
 * colours come from the stylesheet (forced-colors safe).
 */
export function BarChart({
  ctx,
  id,
  title,
  summary,
  bars,
  unit,
}: {
  ctx: ViewContext;
  id: string;
  title: string;
  summary: string;
  bars: Bar[];
  unit: string;
}) {
  const width = 640;
  const height = 260;
  const left = 48;
  const bottom = 56;
  const top = 16;
  const plotH = height - bottom - top;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const slot = (width - left - 8) / Math.max(1, bars.length);
  const barW = Math.max(4, Math.min(48, slot * 0.7));
  const ticks: number[] = [];
  for (let v = 0; v <= ceiling + 1e-9; v += step) ticks.push(v);
  const y = (v: number) => top + plotH - (v / ceiling) * plotH;
  const everyNth = Math.ceil(bars.length / 16);
  return (
    <figure class="ok-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        class="ok-chart__svg"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={width - 4} y1={y(v)} y2={y(v)} class="ok-chart__grid" />
            <text x={left - 6} y={y(v) + 4} class="ok-chart__tick" text-anchor="end">
              {formatNumber(ctx.lang, v)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = left + slot * i + (slot - barW) / 2;
          const v = b.value ?? 0;
          return (
            <g key={i}>
              <rect x={x} y={y(v)} width={barW} height={Math.max(0, y(0) - y(v))} class="ok-chart__bar" />
              {i % everyNth === 0 && (
                <text
                  x={x + barW / 2}
                  y={height - bottom + 16}
                  class="ok-chart__tick"
                  text-anchor="end"
                  transform={`rotate(-40 ${x + barW / 2} ${height - bottom + 16})`}
                >
                  {b.label}
                </text>
              )}
            </g>
          );
        })}
        <text x={4} y={12} class="ok-chart__tick">
          {unit}
        </text>
      </svg>
    </figure>
  );
}

function niceStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}
