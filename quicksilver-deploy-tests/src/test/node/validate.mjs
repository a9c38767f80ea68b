// Validates Kubernetes manifests (one YAML file, several documents, as `helm template` writes
// them) against the Kubernetes API schemas of kubernetes-models, and the Prometheus operator's
// for ServiceMonitor. Prints one line per object; exits 1 naming each object that does not
// conform, 0 when all do. Usage: node validate.mjs manifests.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
const documents = parseAllDocuments(readFileSync(file, "utf8"));
let failures = 0;
let count = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    console.log(`not YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    failures++;
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) {
    continue; // an empty document: a template that rendered nothing
  }
  count++;
  const { apiVersion, kind } = object;
  const name = `${kind} ${object.metadata?.name ?? "(no name)"}`;
  try {
    const model = await modelOf(apiVersion, kind);
    new model(object).validate();
    console.log(`ok ${apiVersion} ${name}`);
  } catch (e) {
    console.log(`INVALID ${apiVersion} ${name}: ${e.message}`);
    failures++;
  }
}
if (count === 0) {
  console.log("no object in " + file);
  failures++;
}
process.exit(failures === 0 ? 0 : 1);

async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error("apiVersion and kind are required");
  }
  // The core group's models are at "v1", the others' at "<group>/<version>": the apiVersion itself.
  const path = apiVersion;
  const module = apiVersion.startsWith("monitoring.coreos.com/")
    ? await import(`@kubernetes-models/prometheus-operator/${path}`)
    : await import(`kubernetes-models/${path}`);
  const model = module[kind];
  if (model === undefined) {
    throw new Error(`no schema for ${kind} in ${apiVersion}`);
  }
  return model;
}
