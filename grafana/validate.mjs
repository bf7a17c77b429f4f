// Checks every dashboard in dashboards/ against Grafana's own dashboard schema, and for what the
// schema cannot express: unique panel ids, grid positions within 24 columns and without overlap,
// and template variables that are defined (before they are used) wherever they are referenced.
//
// The JSON Schema is generated from the TypeScript types that Grafana publishes in @grafana/schema
// (the classic dashboard model that provisioning loads), so no hand-written schema can drift.
// Usage: npm ci && node validate.mjs   (exit code 1 and one line per problem when invalid)
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const schemaPackage = dirname(require.resolve('@grafana/schema/package.json'));
const typesFile = join(schemaPackage, 'dist/types/raw/dashboard/x/types.gen.d.ts');

// Variables Grafana itself provides (https://grafana.com/docs/grafana/latest/dashboards/variables/add-template-variables/#global-variables)
const BUILT_IN = new Set(['__interval', '__interval_ms', '__rate_interval', '__range', '__range_s',
  '__range_ms', '__from', '__to', '__dashboard', '__name', '__org', '__user', '__timeFilter']);
const COLUMNS = 24;

// Grafana keeps a datasource's own annotation settings on the annotation itself (Prometheus' are
// expr, step, titleFormat, textFormat, tagKeys and useValueForTime; its prepareAnnotation moves
// expr and step into `target` when the dashboard loads), and the Dashboard type leaves them out.
// They are checked here by name and type, and the rest of each annotation against the schema.
const PROMETHEUS_ANNOTATION = {
  expr: 'string', step: 'string', titleFormat: 'string', textFormat: 'string',
  tagKeys: 'string', useValueForTime: 'boolean',
};

const schema = createGenerator({ path: typesFile, type: 'Dashboard', skipTypeCheck: true })
  .createSchema('Dashboard');
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

// An XY chart's options changed shape between Grafana's xychart v1 and v2 (the one Grafana 11.3+
// draws): they are checked against v2's published Options type, which the Dashboard type leaves
// open.
const panelOptions = {
  xychart: ajv.compile(
    createGenerator({
      path: join(schemaPackage, 'dist/types/raw/composable/xychart2/panelcfg/x/types.gen.d.ts'),
      type: 'Options',
      skipTypeCheck: true,
    }).createSchema('Options'),
  ),
};

const dashboardsDir = join(here, 'dashboards');
const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json')).sort();
const problems = [];
const uids = new Map();

for (const file of files) {
  const say = (message) => problems.push(`${file}: ${message}`);
  let dashboard;
  try {
    dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8'));
  } catch (e) {
    say(`not JSON: ${e.message}`);
    continue;
  }
  if (!validate(withoutPrometheusAnnotationFields(dashboard, say))) {
    for (const e of validate.errors) {
      say(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
  if (!dashboard.uid) {
    say('no uid: provisioned dashboards need a stable uid for links');
  } else if (uids.has(dashboard.uid)) {
    say(`uid ${dashboard.uid} also used by ${uids.get(dashboard.uid)}`);
  } else {
    uids.set(dashboard.uid, file);
  }
  checkPanels(dashboard, say);
  checkPanelOptions(dashboard, say);
  checkVariables(dashboard, say);
}

if (files.length === 0) {
  problems.push('no dashboards found in dashboards/');
}
for (const p of problems) {
  console.error(p);
}
console.log(`${files.length} dashboards checked against @grafana/schema's Dashboard type: `
  + (problems.length === 0 ? 'all valid' : `${problems.length} problems`));
process.exit(problems.length === 0 ? 0 : 1);


function withoutPrometheusAnnotationFields(dashboard, say) {
  const copy = structuredClone(dashboard);
  for (const [i, a] of (copy.annotations?.list ?? []).entries()) {
    if (a.datasource?.type !== 'prometheus') {
      continue;
    }
    if (!a.expr) {
      say(`annotation ${i} "${a.name}": a Prometheus annotation without expr`);
    }
    for (const [key, type] of Object.entries(PROMETHEUS_ANNOTATION)) {
      if (key in a && typeof a[key] !== type) {
        say(`annotation ${i} "${a.name}": ${key} must be a ${type}`);
      }
      delete a[key];
    }
  }
  return copy;
}

function allPanels(dashboard) {
  const out = [];
  for (const panel of dashboard.panels ?? []) {
    out.push(panel);
    out.push(...(panel.panels ?? []));
  }
  return out;
}

function checkPanelOptions(dashboard, say) {
  for (const panel of allPanels(dashboard)) {
    const check = panelOptions[panel.type];
    if (check && !check(panel.options ?? {})) {
      for (const e of check.errors) {
        say(`panel ${panel.id} ${panel.type} options: ${e.instancePath || '/'} ${e.message} `
          + JSON.stringify(e.params));
      }
    }
  }
}

function checkPanels(dashboard, say) {
  const ids = new Set();
  const occupied = new Map();
  for (const panel of allPanels(dashboard)) {
    const name = `panel ${panel.id} "${panel.title ?? ''}"`;
    if (panel.id === undefined) {
      say(`a ${panel.type} panel has no id`);
    } else if (ids.has(panel.id)) {
      say(`${name}: id used twice`);
    }
    ids.add(panel.id);
    const g = panel.gridPos;
    if (!g) {
      say(`${name}: no gridPos`);
      continue;
    }
    if (g.x < 0 || g.w < 1 || g.h < 1 || g.x + g.w > COLUMNS) {
      say(`${name}: gridPos x=${g.x} w=${g.w} does not fit ${COLUMNS} columns`);
    }
    for (let y = g.y; y < g.y + g.h; y++) {
      for (let x = g.x; x < g.x + g.w; x++) {
        const key = `${x},${y}`;
        if (occupied.has(key)) {
          say(`${name}: overlaps panel ${occupied.get(key)} at column ${x}, row ${y}`);
          y = g.y + g.h;
          break;
        }
        occupied.set(key, panel.id);
      }
    }
    if (panel.type !== 'row' && (panel.targets ?? []).length === 0) {
      say(`${name}: no queries`);
    }
    for (const target of panel.targets ?? []) {
      if (!target.expr || !target.refId) {
        say(`${name}: a target without expr or refId`);
      }
    }
  }
}

// Every $name, ${name} or ${name:format} in a string.
function references(text) {
  return [...String(text).matchAll(/\$(?:\{([A-Za-z0-9_]+)(?::[^}]*)?\}|([A-Za-z0-9_]+))/g)]
    .map((m) => m[1] ?? m[2]);
}

function checkVariables(dashboard, say) {
  const defined = new Set();
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    for (const ref of [...references(query ?? ''), ...references(variable.datasource?.uid ?? '')]) {
      if (!defined.has(ref) && !BUILT_IN.has(ref)) {
        say(`variable ${variable.name} uses $${ref}, which is not defined before it`);
      }
    }
    if (variable.type === 'query' && !/^label_values\(/.test(query ?? '')) {
      say(`variable ${variable.name}: only label_values(...) queries are used (and tested) here`);
    }
    defined.add(variable.name);
  }
  for (const a of dashboard.annotations?.list ?? []) {
    for (const ref of [a.expr, a.datasource?.uid].filter(Boolean).flatMap(references)) {
      if (!defined.has(ref) && !BUILT_IN.has(ref)) {
        say(`annotation "${a.name}" uses $${ref}, which no template variable defines`);
      }
    }
  }
  for (const panel of allPanels(dashboard)) {
    const texts = [panel.datasource?.uid, panel.repeat,
      ...(panel.targets ?? []).flatMap((t) => [t.expr, t.datasource?.uid])];
    for (const ref of texts.filter(Boolean).flatMap(references)) {
      if (!defined.has(ref) && !BUILT_IN.has(ref)) {
        say(`panel ${panel.id} "${panel.title}" uses $${ref}, which no template variable defines`);
      }
    }
  }
}
