/**
 * Validation at the edge: one compiled checker per contract schema, and errors that name the
 * field (`provider.licenses[0].state`) and the problem (`expected YYYY-MM-DD, got "05/01/2026"`).
 *
 * The compiled check is the fast path (a boolean per case); error details are computed only
 * for input that fails it.
 */
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import type { TSchema } from "@sinclair/typebox";
import { Case, GuidanceRequest, type CaseInput, type GuidanceInput } from "./schema.js";

export interface FieldError {
  /** Index of the case in the input array (0-based); undefined for single-object inputs such as guidance. */
  readonly caseIndex?: number;
  /** Dotted path from the case object, e.g. `session.clientLocation.zip`; "" for the case itself. */
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] };

const caseCheck = TypeCompiler.Compile(Case);
const guidanceCheck = TypeCompiler.Compile(GuidanceRequest);

/** `/provider/licenses/0/state` → `provider.licenses[0].state`. */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else out += out === "" ? key : `.${key}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object") return "an object";
  return value === undefined ? "nothing" : typeof value;
}

const TYPE_NAMES: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.String]: "a string",
  [ValueErrorType.Number]: "a number",
  [ValueErrorType.Integer]: "an integer",
  [ValueErrorType.Boolean]: "true or false",
  [ValueErrorType.Object]: "an object",
  [ValueErrorType.Array]: "an array",
  [ValueErrorType.Null]: "null",
};

function messageFor(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return "required field is missing";
  const wanted = (error.schema as TSchema & { "x-expected"?: string })["x-expected"];
  if (typeof wanted === "string") return `expected ${wanted}, got ${describe(error.value)}`;
  if (error.type === ValueErrorType.Union && error.value !== null && error.value !== undefined) {
    // An optional field (`T | null`) that holds something: what is wrong with it as a T.
    const inner = error.errors
      .map((branch) => branch.First())
      .filter((e): e is ValueError => e !== undefined && e.type !== ValueErrorType.Null);
    if (inner.length === 1 && inner[0]) return messageFor(inner[0]);
  }
  const typeName = TYPE_NAMES[error.type];
  if (typeName) return `expected ${typeName}, got ${describe(error.value)}`;
  if (error.type === ValueErrorType.StringMinLength) return "must not be empty";
  if (error.type === ValueErrorType.StringMaxLength) {
    // `x-limit` says why, e.g. "an 837P address line holds 55".
    const schema = error.schema as TSchema & { maxLength?: number; "x-limit"?: string };
    const why = typeof schema["x-limit"] === "string" ? ` (${schema["x-limit"]})` : "";
    return `at most ${schema.maxLength ?? ""} characters${why}`;
  }
  return error.message.charAt(0).toLowerCase() + error.message.slice(1);
}

/** Every bad field of one value, first problem per path, in document order. */
function fieldErrors<T extends TSchema>(
  check: TypeCheck<T>,
  value: unknown,
  caseIndex?: number,
): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of check.Errors(value)) {
    const path = pointerToPath(error.path);
    // A missing property is also reported as the wrong type at the same path: keep the first.
    if (seen.has(path)) continue;
    // A problem inside a field that is itself reported (e.g. a union) adds nothing.
    if ([...seen].some((p) => p !== "" && (path.startsWith(`${p}.`) || path.startsWith(`${p}[`)))) continue;
    seen.add(path);
    out.push(
      caseIndex === undefined
        ? { path, message: messageFor(error) }
        : { caseIndex, path, message: messageFor(error) },
    );
  }
  return out;
}

/** The cases of `evaluate` input: one case object or an array of them. */
export function caseList(input: unknown): unknown[] {
  return Array.isArray(input) ? input : [input];
}

/** The fast path: a compiled boolean check of one case. */
export function isCase(item: unknown): item is CaseInput {
  return caseCheck.Check(item);
}

/** Every bad field of case `index` (call only when `isCase` said no). */
export function caseErrors(item: unknown, index: number): FieldError[] {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return [{ caseIndex: index, path: "", message: `expected a case object, got ${describe(item)}` }];
  }
  return fieldErrors(caseCheck, item, index);
}

/**
 * Checks `evaluate` input: one case object or an array of them. Every case is checked, so a
 * caller sees all bad fields at once.
 */
export function parseCases(input: unknown): Parsed<CaseInput[]> {
  const list = caseList(input);
  let errors: FieldError[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isCase(item)) (errors ??= []).push(...caseErrors(item, i));
  }
  return errors ? { ok: false, errors } : { ok: true, value: list as CaseInput[] };
}

export function parseGuidance(input: unknown): Parsed<GuidanceInput> {
  if (guidanceCheck.Check(input)) return { ok: true, value: input };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: "", message: `expected a guidance request object, got ${describe(input)}` }],
    };
  }
  return { ok: false, errors: fieldErrors(guidanceCheck, input) };
}

/** `case 3: session.date: expected YYYY-MM-DD, got "05/01/2026"` */
export function formatFieldError(error: FieldError): string {
  const where = error.caseIndex === undefined ? "" : `case ${error.caseIndex}: `;
  return `${where}${error.path === "" ? "(whole input)" : error.path}: ${error.message}`;
}

/** A compiled checker for any schema: the bad fields of a value, or null when it is valid. */
export function compileChecker(schema: TSchema): (value: unknown) => FieldError[] | null {
  const check = TypeCompiler.Compile(schema);
  return (value) => (check.Check(value) ? null : fieldErrors(check, value));
}
