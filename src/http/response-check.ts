/**
 * Honest response schemas, checked: with `STATELINE_CHECK_RESPONSES=1` (the int tests set it) every
 * JSON answer of an /api/v1 route is checked, before it is serialized, against the route's
 * `schema.response[status]` with the compiled TypeBox checker. The check is strict where the
 * schema serializer would be lossy: a field the schema does not name is a mismatch (it would be
 * dropped on the wire), and so is a status the route does not declare (the OpenAPI document
 * would not say it). A mismatch fails the request loudly (server.ts): the answer becomes a 500
 * naming the route, the status and each field at fault, printed too, so the test that made the
 * request fails and says why.
 */
import { Kind, type TSchema } from "@sinclair/typebox";
import type { FastifySchema } from "fastify";
import { compileChecker, type FieldError } from "../contract/validate.js";

export class ResponseMismatch extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly fields: readonly FieldError[],
  ) {
    super(
      `the answer of ${route} (${status}) does not match its response schema: ${fields
        .slice(0, 10)
        .map((f) => `${f.path || "(body)"}: ${f.message}`)
        .join("; ")}`,
    );
    this.name = "ResponseMismatch";
  }
}

type Schema = TSchema & Record<string, unknown>;

/**
 * The schema with every object closed (`additionalProperties: false` where it says nothing), so
 * a field the schema does not name is reported, as fastify's schema serializer would drop it.
 */
export function closed(schema: TSchema): TSchema {
  const s = schema as Schema;
  const out: Schema = { ...s };
  if (s[Kind] === "Object" && s.additionalProperties === undefined) out.additionalProperties = false;
  if (s.properties && typeof s.properties === "object") {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, TSchema>).map(([k, v]) => [k, closed(v)]),
    );
  }
  if (s.items && typeof s.items === "object" && !Array.isArray(s.items))
    out.items = closed(s.items as TSchema);
  for (const key of ["anyOf", "allOf", "oneOf"] as const) {
    const list: unknown = s[key];
    if (Array.isArray(list)) out[key] = (list as TSchema[]).map(closed);
  }
  if (s.patternProperties && typeof s.patternProperties === "object") {
    out.patternProperties = Object.fromEntries(
      Object.entries(s.patternProperties as Record<string, TSchema>).map(([k, v]) => [k, closed(v)]),
    );
  }
  return out;
}

const checkers = new WeakMap<TSchema, (value: unknown) => FieldError[] | null>();

/** The schema of `status` among a route's responses: the code itself, then `4xx`, then `default`. */
export function responseSchema(responses: unknown, status: number): TSchema | undefined {
  if (!responses || typeof responses !== "object") return undefined;
  const table = responses as Record<string, TSchema | undefined>;
  return table[String(status)] ?? table[`${String(status).charAt(0)}xx`] ?? table.default;
}

/**
 * Checks one answer: nothing when it matches, else a ResponseMismatch. Routes without response
 * schemas (the OpenAPI document, static files) and server errors (5xx) are not checked.
 */
export function checkResponse(
  routeSchema: FastifySchema | undefined,
  route: string,
  status: number,
  payload: unknown,
): ResponseMismatch | undefined {
  if (status >= 500) return undefined;
  const responses = routeSchema?.response;
  if (!responses) return undefined;
  const schema = responseSchema(responses, status);
  if (!schema)
    return new ResponseMismatch(route, status, [
      { path: "", message: `status ${status} is not among the route's responses` },
    ]);
  let check = checkers.get(schema);
  if (!check) {
    check = compileChecker(closed(schema));
    checkers.set(schema, check);
  }
  const fields = check(payload);
  return fields ? new ResponseMismatch(route, status, fields) : undefined;
}
