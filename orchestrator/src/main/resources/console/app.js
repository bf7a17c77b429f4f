// The console's loop: read the hash route, fetch what the page shows from the JSON API, draw it,
// and poll again. Every figure comes from the orchestrator's view, folded from the event log, so a
// restarted orchestrator shows the same curves and nothing here needs Prometheus.
import { renderCampaigns } from './campaigns.js';
import { renderCampaign } from './campaign.js';

const POLL_MS = 2000;
// test and debugging hooks: each chart by id, and how many times the page was drawn
window.netshrink = { charts: {}, draws: 0 };

const api = path => `../api/${path}`;

async function getJson(path) {
  const response = await fetch(api(path), { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

/** Every entry of a paged list (the API serves at most 1000 a page). */
async function getAll(path) {
  const items = [];
  for (let offset = 0; ; ) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await getJson(`${path}${sep}offset=${offset}&limit=1000`);
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return items;
  }
}

let shown = null; // the route the page now draws; a new route starts from an empty page
let timer = null;

async function draw() {
  clearTimeout(timer);
  const route = location.hash || '#/';
  const main = document.getElementById('main');
  if (route !== shown) {
    for (const chart of Object.values(window.netshrink.charts)) chart.destroy();
    window.netshrink.charts = {};
    main.replaceChildren();
    shown = route;
  }
  const status = document.getElementById('status');
  try {
    const match = route.match(/^#\/campaigns\/(.+)$/);
    if (match) {
      const id = decodeURIComponent(match[1]);
      const path = `campaigns/${encodeURIComponent(id)}`;
      const [view, models, workers] = await Promise.all([
        getJson(path), getAll(`${path}/models`), getJson('workers')]);
      if (route !== shown) return; // the user moved on while this was in flight
      document.getElementById('where').textContent = `campaign ${view.campaignId}`;
      renderCampaign(main, view, models, workers);
    } else {
      const campaigns = await getAll('campaigns');
      if (route !== shown) return;
      document.getElementById('where').textContent = 'campaigns';
      renderCampaigns(main, campaigns);
    }
    window.netshrink.draws++;
    status.textContent = `updated ${new Date().toLocaleTimeString()}, every ${POLL_MS / 1000} s`;
    status.classList.remove('down');
  } catch (e) {
    status.textContent = `the orchestrator does not answer (${e.message}); trying again`;
    status.classList.add('down');
  }
  timer = setTimeout(draw, POLL_MS);
}

window.addEventListener('hashchange', draw);
draw();
