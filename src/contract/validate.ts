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

const expectedOf = (schema: TSchema): string | undefined => {
  const wanted = (schema as TSchema & { "x-expected"?: unknown })["x-expected"];
  return typeof wanted === "string" ? wanted : undefined;
};

/** The errors of each branch of a failed union, read once (TypeBox's iterators are single-use). */
const branchCache = new WeakMap<ValueError, readonly (readonly ValueError[])[]>();
function branchesOf(error: ValueError): readonly (readonly ValueError[])[] {
  let branches = branchCache.get(error);
  if (!branches) {
    branches = error.errors.map((iterator) => [...iterator]);
    branchCache.set(error, branches);
  }
  return branches;
}

/** The branches a value that is not null could have been meant for (a `T | null` has one). */
const nonNullBranches = (error: ValueError) =>
  branchesOf(error).filter((list) => list.length > 0 && list[0]?.type !== ValueErrorType.Null);

/**
 * A failed union without an `x-expected` phrase of its own, as the errors of the branch the value
 * was meant for: a nullable field (`T | null`) that holds something is wrong as a T, at T's own
 * paths (`address.city: at most 30 characters`, not `address`); of several branches, the one
 * whose type the value has (only fields inside it are wrong). Undefined when no branch stands out.
 */
function meantBranch(error: ValueError): readonly ValueError[] | undefined {
  if (error.type !== ValueErrorType.Union || expectedOf(error.schema) !== undefined) return undefined;
  if (error.value === null || error.value === undefined) return undefined;
  const branches = nonNullBranches(error);
  if (branches.length === 1) return branches[0];
  const sameType = branches.filter((list) => list.every((e) => e.path !== error.path));
  return sameType.length === 1 ? sameType[0] : undefined;
}

/** An error as the errors people should read: unions opened to the field really at fault. */
function expand(error: ValueError): ValueError[] {
  const inner = meantBranch(error);
  return inner ? inner.flatMap(expand) : [error];
}

/** What one branch of a union takes, when its first error says so (`a string`, `"home"`). */
function branchName(list: readonly ValueError[], path: string): string | undefined {
  const first = list[0];
  if (!first || first.path !== path) return undefined;
  const wanted = expectedOf(first.schema);
  if (wanted) return wanted;
  if (first.type === ValueErrorType.Literal)
    return JSON.stringify((first.schema as { const?: unknown }).const);
  return TYPE_NAMES[first.type];
}

function messageFor(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return "required field is missing";
  const wanted = expectedOf(error.schema);
  if (wanted !== undefined) return `expected ${wanted}, got ${describe(error.value)}`;
  if (error.type === ValueErrorType.Union) {
    // No branch stands out (see meantBranch): say what each would take, never "Expected union value".
    const branches =
      error.value === null || error.value === undefined ? branchesOf(error) : nonNullBranches(error);
    const names = branches.map((list) => branchName(list, error.path));
    if (names.length > 0 && names.every((n) => n !== undefined))
      return `expected ${[...new Set(names)].join(" or ")}, got ${describe(error.value)}`;
    const first = branches.find((list) => list.length > 0)?.[0];
    if (first) return messageFor(first);
    return `not an accepted value: got ${describe(error.value)}`;
  }
  const typeName = TYPE_NAMES[error.type];
  if (typeName) return `expected ${typeName}, got ${describe(error.value)}`;
  if (error.type === ValueErrorType.StringMinLength) return "must not be empty";
  const bounds = error.schema as TSchema & { minimum?: number; maximum?: number };
  if (error.type === ValueErrorType.IntegerMinimum || error.type === ValueErrorType.NumberMinimum)
    return `must be at least ${bounds.minimum ?? ""}, got ${describe(error.value)}`;
  if (error.type === ValueErrorType.IntegerMaximum || error.type === ValueErrorType.NumberMaximum)
    return `must be at most ${bounds.maximum ?? ""}, got ${describe(error.value)}`;
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
  for (const error of [...check.Errors(value)].flatMap(expand)) {
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
