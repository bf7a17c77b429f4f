// One campaign's page: what it is and where it stands, its trials, every trial's per-epoch curves,
// the pruning sweep against the ratio, the models it made (their lineage and Pareto front), and
// the live workers.
import { el, section, stateBadge, table, num, int, when } from './dom.js';
import { chartBox, xyChart } from './charts.js';

const LOSS_TERMS = { totalLoss: 'total loss', kdLoss: 'KD loss', ceLoss: 'CE loss' };
let lossTerm = 'totalLoss';
let last = null; // what was drawn last, for redrawing when the loss term changes

export function renderCampaign(main, view, models, workers) {
  last = { main, view, models, workers };
  header(main, view);
  trials(main, view);
  epochCurves(main, view);
  sweep(main, view);
  modelsMade(main, view, models);
  liveWorkers(main, workers);
}

function header(main, view) {
  const c = view.choice;
  section(main, 'header',
    el('h1', {}, `${view.name} `, stateBadge(view.state)),
    el('p', { class: 'facts' },
      el('span', {}, `id ${view.campaignId}`),
      el('span', {}, `submitted ${when(view.submittedAtMillis)}`),
      el('span', {}, `${view.trials.length} trials, ${view.pruning.length} sweep points`),
      view.reportDir ? el('span', {}, `report: ${view.reportDir}`) : null),
    c ? el('p', { class: 'facts', id: 'choice' }, choiceText(c, view.state !== 'running')) : null);
}

/** The target's answer; while the campaign runs, an answer about the models finished so far. */
function choiceText(c, final) {
  const target = final ? `Target ${c.target}` : `Target ${c.target}, among the models finished so far`;
  return c.met
    ? `${target}: chose ${c.chosen} (${c.reason}).`
    : `${target}: not met${c.closest ? `; closest ${c.closest}` : ''} (${c.reason}).`;
}

/** The trial that scored best among those that finished (the teacher and sweep jobs aside). */
function bestTrial(view) {
  return view.trials
    .filter(t => t.state === 'succeeded' && t.kind !== 'teacher' && t.kind !== 'prune' && t.accuracy !== null)
    .reduce((best, t) => (best === null || t.accuracy > best.accuracy ? t : best), null);
}

function trials(main, view) {
  const best = bestTrial(view);
  const lastEpoch = t => (t.epochs.length ? t.epochs[t.epochs.length - 1] : null);
  const ended = t => t.stop ? `${t.stop.cause} after epoch ${t.stop.epoch}: ${t.stop.reason}` : (t.error ?? '');
  section(main, 'trials',
    el('h2', {}, 'Trials'),
    table([
      ['trial', t => t.name],
      ['kind', t => t.kind],
      ['state', t => stateBadge(t.state)],
      ['attempt', t => t.attempt, 'num'],
      ['worker', t => t.workerId ?? ''],
      ['epoch', t => (t.epochs.length ? `${lastEpoch(t).epoch}${t.settings ? ` / ${t.settings.epochs}` : ''}` : ''), 'num'],
      ['progress', t => `${Math.floor(t.progress * 100)}%${t.phase ? ` ${t.phase}` : ''}`],
      ['total loss', t => num(lastEpoch(t)?.totalLoss), 'num'],
      ['KD loss', t => num(lastEpoch(t)?.kdLoss), 'num'],
      ['CE loss', t => num(lastEpoch(t)?.ceLoss), 'num'],
      ['accuracy', t => num(t.accuracy), 'num'],
      ['parameters', t => int(t.parameters), 'num'],
      ['seconds', t => num(t.seconds, 1), 'num'],
      ['ended', ended, 'why'],
    ], view.trials, t => ({
      'data-trial': t.name, 'data-state': t.state, class: t === best ? 'best' : null,
      title: t === best ? 'best accuracy of the finished trials' : null,
    })),
    best ? el('p', { class: 'note' }, `Best: ${best.name}, accuracy ${num(best.accuracy)}.`) : null);
}

function epochCurves(main, view) {
  const select = el('select', { id: 'loss-term' },
    Object.entries(LOSS_TERMS).map(([k, label]) => el('option', { value: k }, label)));
  const box = chartBox(main, 'epochs', 'Per-epoch curves', el('label', {}, 'loss term ', select));
  const picker = main.querySelector('#loss-term');
  if (!picker.onchange) {
    picker.onchange = () => {
      lossTerm = picker.value;
      window.netshrink.charts['epoch-loss']?.destroy();
      delete window.netshrink.charts['epoch-loss'];
      epochCurves(last.main, last.view);
    };
  }
  const trained = view.trials.filter(t => t.epochs.length > 0);
  const curves = pick => trained.map(t => ({ label: t.name, points: t.epochs.map(e => [e.epoch, e[pick]]) }));
  xyChart(box, 'epoch-loss', { title: 'Training loss per epoch', x: 'epoch', y: LOSS_TERMS[lossTerm], curves: curves(lossTerm), wholeX: true });
  xyChart(box, 'epoch-accuracy', { title: 'Test accuracy per epoch', x: 'epoch', y: 'accuracy', curves: curves('accuracy'), wholeX: true });
}

/** The sweep's own points (not a schedule's rounds nor a layer's sensitivity), per model and method. */
function sweepGroups(view) {
  const groups = new Map();
  for (const p of view.pruning) {
    if (p.stage != null || p.layer != null || p.layerRatios != null) continue;
    const key = `${p.model} (${p.method})`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function sweep(main, view) {
  const box = chartBox(main, 'sweep', 'Pruning sweep');
  const groups = sweepGroups(view);
  const curves = y => groups.map(([label, points]) => ({ label, points: points.map(p => [p.ratio, y(p)]) }));
  const fineTuned = groups
    .map(([label, points]) => ({
      label: `${label} fine-tuned`, dash: [6, 4],
      points: points.filter(p => p.fineTunedAccuracy != null).map(p => [p.ratio, p.fineTunedAccuracy]),
    }));
  const x = 'pruning ratio';
  xyChart(box, 'sweep-accuracy', { title: 'Accuracy vs pruning ratio', x, y: 'accuracy', curves: [...curves(p => p.accuracy), ...fineTuned] });
  xyChart(box, 'sweep-latency', { title: 'Latency vs pruning ratio', x, y: 'ms per batch', curves: curves(p => p.latencySeconds * 1000) });
  xyChart(box, 'sweep-parameters', { title: 'Parameters vs pruning ratio', x, y: 'parameters', curves: curves(p => p.parameters) });
  xyChart(box, 'sweep-macs', { title: 'MACs vs pruning ratio', x, y: 'MACs per image', curves: curves(p => p.macs) });
}

function modelsMade(main, view, models) {
  const local = id => (id.startsWith(`${view.campaignId}/`) ? id.slice(view.campaignId.length + 1) : id);
  const front = new Set((view.choice?.front ?? []).map(local));
  const chosen = view.choice?.chosen ? local(view.choice.chosen) : null;
  const box = chartBox(main, 'pareto', 'Models: Pareto front and lineage');
  const measured = models.filter(m => m.accuracy != null && m.parameters != null);
  xyChart(box, 'pareto', {
    title: 'Accuracy vs parameters (log)', x: 'parameters', y: 'accuracy', logX: true,
    curves: [
      { label: 'models', pointsOnly: true, color: '#8899aa', points: measured.map(m => [m.parameters, m.accuracy]) },
      { label: 'Pareto front', color: '#d62728', points: measured.filter(m => front.has(m.id)).map(m => [m.parameters, m.accuracy]) },
    ],
  });
  const download = m => el('a', { href: `../api/campaigns/${encodeURIComponent(view.campaignId)}/models/${m.id}` }, 'zip');
  section(main, 'models',
    models.length === 0 ? el('p', { class: 'note' }, 'No model finished yet.') : table([
      ['model', m => m.id],
      ['made by', m => m.operation],
      ['from', m => m.parents.join(', ')],
      ['accuracy', m => num(m.accuracy), 'num'],
      ['parameters', m => int(m.parameters), 'num'],
      ['MACs', m => int(m.macs), 'num'],
      ['latency ms', m => num(m.latencyMs, 2), 'num'],
      ['bytes', m => int(m.bytes), 'num'],
      ['front', m => (m.id === chosen ? 'chosen' : front.has(m.id) ? 'yes' : '')],
      ['download', download],
    ], models, m => ({ 'data-model': m.id, class: m.id === chosen ? 'best' : null })));
}

function liveWorkers(main, workers) {
  section(main, 'workers',
    el('h2', {}, 'Live workers'),
    workers.length === 0 ? el('p', { class: 'note' }, 'No worker is alive. Start one: ./netshrink worker --role student') : table([
      ['worker', w => w.workerId],
      ['role', w => w.role],
      ['job', w => w.runningJobId ?? 'idle'],
      ['last heartbeat', w => `${(w.lastHeartbeatMillisAgo / 1000).toFixed(1)} s ago`, 'num'],
      // a link only to http(s): the address comes from the worker's own heartbeat
      ['metrics', w => (/^https?:\/\//.test(w.metricsUrl ?? '') ? el('a', { href: w.metricsUrl }, w.metricsUrl) : (w.metricsUrl ?? ''))],
    ], workers, w => ({ 'data-worker': w.workerId })));
}
