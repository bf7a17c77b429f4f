// The campaign list: one line per campaign, newest first, each a link to its page.
import { el, section, stateBadge, table, int, when } from './dom.js';

export function renderCampaigns(main, campaigns) {
  const newestFirst = [...campaigns].reverse();
  section(main, 'campaigns',
    el('h1', {}, 'Campaigns'),
    newestFirst.length === 0
      ? el('p', { class: 'note' }, 'No campaign yet. Submit one: ./netshrink submit campaigns/fashion-demo.yaml --follow')
      : table([
        ['campaign', c => el('a', { href: `#/campaigns/${encodeURIComponent(c.campaignId)}` }, c.campaignId)],
        ['name', c => c.name],
        ['state', c => stateBadge(c.state)],
        ['submitted', c => when(c.submittedAtMillis)],
        ['trials', c => c.trials, 'num'],
        ['by state', c => Object.entries(c.trialsByState).map(([s, n]) => `${n} ${s}`).join(' · ')],
        ['sweep points', c => int(c.prunePoints), 'num'],
        ['report', c => c.reportDir ?? ''],
      ], newestFirst, c => ({ 'data-campaign': c.campaignId })));
}
