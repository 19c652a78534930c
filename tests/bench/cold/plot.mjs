// The cold-start plot as a standalone SVG, drawn by hand (no plotting
// library): one group of horizontal bars per cell (engine and throttling), one
// bar per stack, its length the median time to credentials on a logarithmic
// axis (the cells span two orders of magnitude), a whisker from the fastest
// to the slowest run, the median written at the bar's end.

const COLORS = { "cognito-wasm": "#d9480f", amplify: "#1c7ed6", "cognito-identity-js": "#5c940d" };
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const tickLabel = (ms) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
const label = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/**
 * `groups`: [{ label, bars: [{ stack, credentialsMs, min, max }] }];
 * `stacks`: [{ id, label }] (the legend, in bar order); `note`: a line under
 * the axis (how the figures were taken). Returns the SVG text.
 */
export function plot({ title, note, groups, stacks }) {
  const all = groups.flatMap((g) => g.bars).filter((b) => b.credentialsMs !== null);
  const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...all.map((b) => b.min)) * 0.8)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all.map((b) => b.max)) * 1.05));
  const left = 250;
  const width = 560;
  const barH = 13;
  const gap = 12;
  const top = 58;
  const x = (ms) => left + (Math.log10(ms / lo) / Math.log10(hi / lo)) * width;
  const out = [];
  let y = top;
  for (const g of groups) {
    const h = g.bars.length * barH;
    out.push(`<text x="${left - 8}" y="${y + h / 2 + 4}" text-anchor="end" class="cell">${esc(g.label)}</text>`);
    for (const b of g.bars) {
      if (b.credentialsMs !== null) {
        const color = COLORS[b.stack] ?? "#666";
        out.push(`<rect x="${left}" y="${y + 1}" width="${(x(b.credentialsMs) - left).toFixed(1)}" height="${barH - 2}" fill="${color}"><title>${esc(`${b.stackLabel}: ${label(b.credentialsMs)} (${label(b.min)}–${label(b.max)}, n=${b.n})`)}</title></rect>`);
        const wy = y + barH / 2;
        out.push(`<path d="M${x(b.min).toFixed(1)} ${wy}H${x(b.max).toFixed(1)}M${x(b.min).toFixed(1)} ${wy - 3}v6M${x(b.max).toFixed(1)} ${wy - 3}v6" stroke="#222" stroke-width="1"/>`);
        out.push(`<text x="${(Math.max(x(b.credentialsMs), x(b.max)) + 4).toFixed(1)}" y="${y + barH - 3}" class="value">${label(b.credentialsMs)}</text>`);
      } else {
        out.push(`<text x="${left + 4}" y="${y + barH - 3}" class="value">failed</text>`);
      }
      y += barH;
    }
    y += gap;
  }
  const bottom = y;
  const ticks = [];
  for (let d = lo; d <= hi; d *= 10) {
    for (const m of [1, 2, 5]) {
      const t = d * m;
      if (t < lo || t > hi) continue;
      ticks.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 4}" x2="${x(t).toFixed(1)}" y2="${bottom - gap + 2}" stroke="#ddd"/>`);
      ticks.push(`<text x="${x(t).toFixed(1)}" y="${bottom - gap + 16}" text-anchor="middle" class="tick">${tickLabel(t)}</text>`);
    }
  }
  const legend = stacks.map((s, i) => {
    const lx = left + i * 190;
    return `<rect x="${lx}" y="30" width="12" height="12" fill="${COLORS[s.id] ?? "#666"}"/><text x="${lx + 17}" y="40" class="legend">${esc(s.label)}</text>`;
  });
  const height = bottom + (note ? 44 : 28);
  const totalWidth = left + width + 70;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${height}" viewBox="0 0 ${totalWidth} ${height}" font-family="sans-serif">
<style>.cell{font-size:12px}.value{font-size:10px;fill:#222}.tick{font-size:10px;fill:#555}.legend{font-size:11px}.title{font-size:13px;font-weight:bold}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" class="title">${esc(title)}</text>
${legend.join("\n")}
${ticks.join("\n")}
${out.join("\n")}
<text x="${left + width / 2}" y="${bottom + 26}" text-anchor="middle" class="tick">time to credentials (log scale)</text>
${note ? `<text x="10" y="${height - 4}" class="tick">${esc(note)}</text>` : ""}
</svg>
`;
}
