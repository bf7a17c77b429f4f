// x-y charts on uPlot. A chart is drawn once and then given new data on each poll, so a growing
// curve does not flicker; it is drawn anew only when its set of curves changes.
import { el } from './dom.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * Curves with their own x values onto one sorted x axis, uPlot's data layout: a curve has null
 * where it has no point (drawn through, spanGaps). At an x a curve has twice, its first point counts.
 */
export function align(curves) {
  const xs = [...new Set(curves.flatMap(c => c.points.map(p => p[0])))].sort((a, b) => a - b);
  return [xs, ...curves.map(c => {
    const at = new Map();
    for (const [x, y] of c.points) if (!at.has(x)) at.set(x, y);
    return xs.map(x => (at.has(x) ? at.get(x) : null));
  })];
}

/** A box of charts under a heading, made once where `parent` first needs it. */
export function chartBox(parent, id, heading, ...extra) {
  let box = parent.querySelector(`#${id}`);
  if (!box) {
    box = el('section', { id }, el('h2', {}, heading), ...extra, el('div', { class: 'charts' }));
    parent.append(box);
  }
  return box.querySelector('.charts');
}

/**
 * Draws chart `id` in `box`, or gives it new data. `curves`: [{label, points: [[x, y]], dash,
 * pointsOnly, color}]; the points need not be sorted. `wholeX`: ticks at whole numbers only (epochs).
 */
export function xyChart(box, id, { title, x, y, curves, logX = false, wholeX = false }) {
  const charts = window.netshrink.charts;
  let holder = box.querySelector(`[data-chart="${id}"]`);
  if (!holder) {
    holder = el('div', { class: 'chart', 'data-chart': id }, el('h3', {}, title), el('div', { class: 'plot' }));
    box.append(holder);
  }
  const plot = holder.querySelector('.plot');
  const drawn = curves.filter(c => c.points.length > 0);
  if (drawn.length === 0) {
    charts[id]?.destroy();
    delete charts[id];
    plot.replaceChildren(el('div', { class: 'empty' }, 'nothing measured yet'));
    return;
  }
  const data = align(drawn);
  const signature = JSON.stringify(drawn.map(c => c.label));
  const existing = charts[id];
  if (existing && existing.netshrinkSignature === signature) {
    existing.setData(data);
    return;
  }
  existing?.destroy();
  plot.replaceChildren();
  const series = drawn.map((c, i) => ({
    label: c.label,
    stroke: c.color ?? PALETTE[i % PALETTE.length],
    width: 2,
    spanGaps: true,
    ...(c.dash ? { dash: c.dash } : {}),
    points: { show: true, size: c.pointsOnly ? 8 : 5 },
    ...(c.pointsOnly ? { paths: () => null } : {}),
  }));
  const chart = new uPlot({
    width: 560,
    height: 300,
    scales: { x: { time: false, distr: logX ? 3 : 1 } },
    axes: [{ label: x, ...(wholeX ? { incrs: [1, 2, 5, 10, 20, 50, 100] } : {}) }, { label: y, size: 64 }],
    series: [{ label: x }, ...series],
  }, data, plot);
  chart.netshrinkSignature = signature;
  charts[id] = chart;
}
