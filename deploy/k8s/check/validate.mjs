// Checks every object of the rendered manifests (`kubectl kustomize deploy/k8s`, YAML on stdin)
// against its schema, and what the manifests must agree on among themselves.
// Usage: npm ci && kubectl kustomize .. | node validate.mjs   (exit 1 and one line per problem)
//
// The schemas are the kubernetes-models packages pinned in package-lock.json: the Kubernetes API
// (kubernetes-models) and the CRDs of Strimzi, KEDA and the Prometheus Operator, each generated
// from the project's published OpenAPI schema. Every object is checked twice:
// - by its model's validator, the OpenAPI schema compiled: types (an integer is not a string),
//   enums, required fields, bounds. Like the API server's OpenAPI schema, it lets unknown fields
//   through (the server prunes them, or refuses them under kubectl's strict field validation);
// - against a JSON Schema generated (ts-json-schema-generator) from the same package's TypeScript
//   type, where an object admits only its declared fields, as `kubeconform -strict` does. An
//   object the OpenAPI schema leaves open (Kafka's `config`, x-kubernetes-preserve-unknown-fields)
//   is a bare `{}` type there and stays open.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import ts from 'typescript';
import {
  DEFAULT_CONFIG, SchemaGenerator, createFormatter, createParser,
} from 'ts-json-schema-generator';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const STRIMZI = '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1';
// apiVersion/kind -> the module of its model (class KIND, interface IKIND); no entry, no deploy
const MODELS = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'kafka.strimzi.io/v1/Kafka': `${STRIMZI}/Kafka`,
  'kafka.strimzi.io/v1/KafkaNodePool': `${STRIMZI}/KafkaNodePool`,
  'kafka.strimzi.io/v1/KafkaTopic': `${STRIMZI}/KafkaTopic`,
  'keda.sh/v1alpha1/ScaledObject': '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject',
  'monitoring.coreos.com/v1/PodMonitor':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
};

const problems = [];
const objects = [];
for (const doc of parseAllDocuments(readFileSync(0, 'utf8'))) {
  if (doc.errors.length > 0) {
    problems.push(`not YAML: ${doc.errors[0].message}`);
  } else if (doc.contents !== null) {
    objects.push(doc.toJS());
  }
}

// one TypeScript program over every model's type definitions (a second per kind, not one each)
const typeFiles = Object.values(MODELS).map((m) => join(here, 'node_modules', `${m}.d.ts`));
const program = ts.createProgram(typeFiles, {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  noEmit: true,
});
// additionalProperties: false (the default, spelled out as it is the point) closes every object
const config = {
  ...DEFAULT_CONFIG, skipTypeCheck: true, expose: 'none', topRef: false, jsDoc: 'none',
  additionalProperties: false,
};
const generator = new SchemaGenerator(
  program, createParser(program, config), createFormatter(config), config);
const ajv = new Ajv({ allErrors: true, strict: false });
const strict = new Map();

for (const object of objects) {
  const key = `${object.apiVersion}/${object.kind}`;
  const name = `${object.kind} ${object.metadata?.name}`;
  if (!MODELS[key]) {
    problems.push(`${name}: no schema for ${key}`);
    continue;
  }
  const Model = (await import(MODELS[key]))[object.kind];
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
  }
  if (!strict.has(key)) {
    strict.set(key, ajv.compile(openWhereUntyped(generator.createSchema(`I${object.kind}`))));
  }
  const validate = strict.get(key);
  if (!validate(object)) {
    for (const e of validate.errors) {
      problems.push(`${name}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
checkAgreement(objects, (message) => problems.push(message));

for (const p of problems) {
  console.error(p);
}
const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(', ');
console.log(`${objects.length} objects (${kinds}) checked against their schemas: `
  + (problems.length === 0 ? 'all valid' : `${problems.length} problems`));
process.exit(problems.length === 0 && objects.length > 0 ? 0 : 1);


// TypeScript's `{}` comes out as an object without properties that admits none: make it open.
function openWhereUntyped(schema) {
  if (Array.isArray(schema)) {
    schema.forEach(openWhereUntyped);
  } else if (schema && typeof schema === 'object') {
    if (schema.type === 'object' && !schema.properties && schema.additionalProperties === false) {
      delete schema.additionalProperties;
    }
    Object.values(schema).forEach(openWhereUntyped);
  }
  return schema;
}

function labelsMatch(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

// What no single schema sees: one image; every port named by a Service or PodMonitor, and every
// ScaledObject target, exists; every dashboard file is in the sidecar's ConfigMap.
function checkAgreement(all, say) {
  const deployments = all.filter((o) => o.kind === 'Deployment');
  const containers = deployments.flatMap((d) => d.spec.template.spec.containers);
  const images = new Set(containers.map((c) => c.image));
  if (images.size !== 1) {
    say(`containers use ${images.size} images (${[...images].join(', ')}), not the one image`);
  }
  const portsOf = (selector) => deployments
    .filter((d) => labelsMatch(selector, d.spec.template.metadata.labels))
    .flatMap((d) => d.spec.template.spec.containers.flatMap((c) => c.ports ?? []))
    .map((p) => p.name);
  for (const service of all.filter((o) => o.kind === 'Service')) {
    for (const port of service.spec.ports) {
      if (!portsOf(service.spec.selector).includes(port.targetPort)) {
        say(`Service ${service.metadata.name}: no selected pod has a port ${port.targetPort}`);
      }
    }
  }
  for (const monitor of all.filter((o) => o.kind === 'PodMonitor')) {
    for (const endpoint of monitor.spec.podMetricsEndpoints) {
      if (!portsOf(monitor.spec.selector.matchLabels).includes(endpoint.port)) {
        say(`PodMonitor ${monitor.metadata.name}: no selected pod has a port ${endpoint.port}`);
      }
    }
  }
  for (const scaler of all.filter((o) => o.kind === 'ScaledObject')) {
    if (!deployments.some((d) => d.metadata.name === scaler.spec.scaleTargetRef.name)) {
      say(`ScaledObject ${scaler.metadata.name}: no Deployment ${scaler.spec.scaleTargetRef.name}`);
    }
  }
  const dashboards = join(here, '../../../grafana/dashboards');
  const sidecar = all.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard);
  for (const file of readdirSync(dashboards).filter((f) => f.endsWith('.json'))) {
    if (!sidecar.some((m) => m.data?.[file] === readFileSync(join(dashboards, file), 'utf8'))) {
      say(`grafana/dashboards/${file} is not in a grafana_dashboard ConfigMap as it is`);
    }
  }
}
