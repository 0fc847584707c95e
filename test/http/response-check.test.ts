/**
 * The response check the HTTP tests run under (STATELINE_CHECK_RESPONSES=1, set for the int
 * project in vitest.config.ts): every answer against its route's response schema, strictly.
 */
import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { ClaimDto, ClientDetailDto, ERRORS } from "../../src/contract/api/index.js";
import { checkResponse, closed, responseSchema } from "../../src/http/response-check.js";
import { compileChecker } from "../../src/contract/validate.js";

const route = {
  response: { 200: Type.Object({ id: Type.String(), note: Type.Optional(Type.String()) }), ...ERRORS },
};

const conflict = { type: "about:blank", title: "Conflict", status: 409, detail: "x", code: "CONFLICT" };

describe("the response check", () => {
  it("passes an answer that matches, optional fields left out", () => {
    expect(checkResponse(route, "GET /x", 200, { id: "a" })).toBeUndefined();
  });

  it("names a field the schema does not have: the schema serializer would drop it", () => {
    const mismatch = checkResponse(route, "GET /x", 200, { id: "a", secret: 1 });
    expect(mismatch?.fields).toEqual([{ path: "secret", message: "unexpected property" }]);
    expect(mismatch?.message).toContain("GET /x (200)");
  });

  it("names a field of the wrong type, and a required one that is missing", () => {
    expect(checkResponse(route, "GET /x", 200, { id: 5 })?.fields[0]?.path).toBe("id");
    expect(checkResponse(route, "GET /x", 200, {})?.fields[0]).toEqual({
      path: "id",
      message: "required field is missing",
    });
  });

  it("refuses a status the route does not declare, and leaves server errors and schema-less routes alone", () => {
    expect(checkResponse(route, "GET /x", 409, conflict)?.fields[0]?.message).toContain("409");
    expect(checkResponse(route, "GET /x", 500, { anything: true })).toBeUndefined();
    expect(checkResponse(undefined, "GET /openapi.json", 200, { anything: true })).toBeUndefined();
  });

  it("finds a status's schema by code, then NXX, then default", () => {
    const a = Type.String();
    const b = Type.Number();
    expect(responseSchema({ 200: a, "4xx": b }, 200)).toBe(a);
    expect(responseSchema({ 200: a, "4xx": b }, 418)).toBe(b);
    expect(responseSchema({ default: a }, 302)).toBe(a);
  });

  it("closes nested objects (inside arrays and nullable unions) without changing the schema it was given", () => {
    const check = compileChecker(closed(ClientDetailDto));
    const detail = {
      id: "00000000-0000-4000-8000-000000000001",
      providerId: "00000000-0000-4000-8000-000000000002",
      name: "Ana",
      birthDate: null,
      sex: "U",
      diagnosisCodes: [],
      coverage: null,
      currentLocation: null,
      badge: "ok",
      decision: null,
      risks: [],
      locations: [],
    };
    expect(check(detail)).toBeNull();
    const location = {
      id: "00000000-0000-4000-8000-000000000003",
      clientId: detail.id,
      kind: "home",
      label: null,
      line1: null,
      line2: null,
      city: null,
      state: "NY",
      zip: null,
      startsOn: null,
      endsOn: null,
      createdAt: "2026-12-04T10:00:00.000Z",
      archivedAt: null,
    };
    expect(check({ ...detail, currentLocation: location, locations: [location] })).toBeNull();
    expect(check({ ...detail, locations: [{ ...location, providerId: "x" }] })?.[0]?.path).toBe(
      "locations[0].providerId",
    );
    expect(check({ ...detail, currentLocation: { ...location, extra: 1 } })?.[0]?.path).toContain(
      "currentLocation",
    );
    // The route's own schema stays open: the request side and the OpenAPI document are unchanged.
    expect((ClaimDto as { additionalProperties?: unknown }).additionalProperties).toBeUndefined();
    expect(compileChecker(ClientDetailDto)({ ...detail, extra: 1 })).toBeNull();
  });
});
