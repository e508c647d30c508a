// A horizontal bar chart in plain SVG: readable from across the room, no chart library needed.
export interface Bar {
  label: string;
  value: number;
  color: string;
}

export function BarChart({ bars, title, unit = '' }: { bars: Bar[]; title: string; unit?: string }) {
  const rowH = 28;
  const labelW = 150;
  const width = 520;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barW = width - labelW - 60;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${bars.length * rowH + 8}`} width="100%" role="img" aria-label={title}>
      {bars.map((b, i) => {
        const y = i * rowH + 4;
        const w = (b.value / max) * barW;
        return (
          <g key={b.label} data-label={b.label} data-value={b.value}>
            <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end">
              {b.label}
            </text>
            <rect x={labelW} y={y + 4} width={Math.max(w, b.value > 0 ? 2 : 0)} height={rowH - 8} rx={3} fill={b.color} />
            <text className="value-label" x={labelW + w + 6} y={y + rowH / 2 + 4}>
              {b.value}
              {unit}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
