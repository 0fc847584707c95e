/**
 * What a 400 says (issue 14): every bad field at once, each at its own path (`address.city`, not
 * `address`) with a message a person or an integrator can act on — the field's limit, the kind of
 * value it takes, the values it allows — and never a schema library's "Expected union value".
 * Validation happens before any use case runs and reads no data, so PGlite is enough here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import type { TSchema } from "@sinclair/typebox";
import { NewClientBody, NewLocationBody } from "../../src/contract/api/clients.js";
import { ConfirmBody, ScheduleBody } from "../../src/contract/api/sessions.js";
import {
  as,
  loginAs,
  seedClient,
  seedOps,
  seedProvider,
  startApp,
  type SeededClient,
  type TestApp,
} from "../support/app.js";

interface ProblemBody {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The 400's problem, its messages by path; fails on any other answer. */
function invalid(res: LightMyRequestResponse): { body: ProblemBody; at: Record<string, string> } {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemBody>();
  expect(body.code).toBe("INVALID_INPUT");
  const at: Record<string, string> = {};
  for (const e of body.errors ?? []) at[e.path] ??= e.message;
  // Nothing a person would not understand, whatever the field.
  for (const message of [body.detail, ...Object.values(at)]) {
    expect(message).not.toMatch(/union/i);
    expect(message).not.toMatch(/^Expected /);
  }
  return { body, at };
}

/** Every property path of a body schema (into objects, arrays, and the branches of unions). */
function pathsOf(schema: TSchema, prefix: readonly string[] = []): string[][] {
  const s = schema as TSchema & {
    properties?: Record<string, TSchema>;
    anyOf?: TSchema[];
    items?: TSchema;
  };
  const out: string[][] = [];
  for (const [key, inner] of Object.entries(s.properties ?? {})) {
    out.push([...prefix, key]);
    out.push(...pathsOf(inner, [...prefix, key]));
  }
  for (const branch of s.anyOf ?? []) out.push(...pathsOf(branch, prefix));
  if (s.items) out.push(...pathsOf(s.items, [...prefix, "0"]));
  return out;
}

/** A body holding `value` at `path` and nothing else. */
const bodyWith = (path: readonly string[], value: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  return head === "0" ? [bodyWith(rest, value)] : { [head]: bodyWith(rest, value) };
};

describe("error messages of the API", () => {
  let t: TestApp;
  let asMaya: ReturnType<typeof as>;
  let asOps: ReturnType<typeof as>;
  let sam: SeededClient;
  const aSession = "5b0e7c9e-2f4b-4c1e-9d3a-7f1f0c6a2b11";

  beforeAll(async () => {
    t = await startApp("pglite");
    const maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
    });
    sam = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Sam Rivera",
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ kind: "home", line1: "408 W 34th St", city: "New York", state: "NY", zip: "10001" }],
    });
    asMaya = as(t.app, await loginAs(t.app, maya.email));
    asOps = as(t.app, await loginAs(t.app, (await seedOps(t.store)).email));
  });
  afterAll(async () => t.close());

  const newLocation = (over: Record<string, unknown>) =>
    asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, {
      kind: "temporary",
      label: "Spring break",
      city: "Miami Beach",
      state: "FL",
      zip: "33139",
      startsOn: "2026-03-14",
      endsOn: "2026-03-21",
      ...over,
    });

  it("a 400-character city: the city field, its limit and why", async () => {
    const { body, at } = invalid(await newLocation({ city: "Miami Beach ".repeat(34).slice(0, 400) }));
    expect(at).toEqual({ city: "at most 30 characters (an 837P city holds 30)" });
    expect(body.detail).toBe("city: at most 30 characters (an 837P city holds 30)");
    expect(body.title).toBe("The request has invalid fields");
  });

  it("the wrong kind of value in nullable fields: what the field takes and what came", async () => {
    const { at } = invalid(await newLocation({ label: 42, zip: 33139, endsOn: "21/03/2026" }));
    expect(at).toEqual({
      label: "expected a string, got 42",
      zip: "expected a 5-digit ZIP code or ZIP+4 such as 10027-1234, got 33139",
      endsOn: 'expected YYYY-MM-DD, got "21/03/2026"',
    });
  });

  it("a value outside a closed list: the values allowed", async () => {
    const { at } = invalid(await newLocation({ kind: "vacation", state: "Florida" }));
    expect(at.kind).toBe('expected home, virtual_session, temporary, got "vacation"');
    expect(at.state).toBe('expected a US state or territory postal code, such as NY, got "Florida"');
  });

  it("every bad field of a new client at once, nested ones at their own paths", async () => {
    const { at } = invalid(
      await asMaya("POST", "/api/v1/clients", {
        name: "",
        birthDate: "1984-02-30",
        coverage: { payer: "aetna", product: "gold", bluecard: "yes" },
        location: { kind: "home", state: "NY", line1: "x".repeat(56) },
      }),
    );
    expect(at).toEqual({
      name: "must not be empty",
      birthDate: 'expected YYYY-MM-DD, got "1984-02-30"',
      "coverage.bluecard": 'expected true or false, got "yes"',
      "coverage.product": expect.stringMatching(/^expected one of ppo, .*, or null, got "gold"$/) as string,
      "location.line1": "at most 55 characters (an 837P address line holds 55)",
    });
  });

  it("an address that may be null but is given: each of its fields, not the address as a whole", async () => {
    const { body, at } = invalid(
      await asMaya("POST", `/api/v1/sessions/${aSession}/confirm`, {
        address: { city: "C".repeat(400), zip: "1001" },
      }),
    );
    expect(at).toEqual({
      "address.state": "required field is missing",
      "address.city": "at most 30 characters (an 837P city holds 30)",
      "address.zip": 'expected a 5-digit ZIP code or ZIP+4 such as 10027-1234, got "1001"',
    });
    expect(at).not.toHaveProperty("address");
    expect(body.detail).toMatch(/^address\.(state|city|zip): /);
  });

  it("a nullable text of the wrong type, and an object where null or an object is allowed", async () => {
    const confirm = invalid(
      await asMaya("POST", `/api/v1/sessions/${aSession}/confirm`, {
        crisisDocumentation: 7,
        address: "home",
      }),
    );
    expect(confirm.at).toEqual({
      address: 'expected an object, got "home"',
      crisisDocumentation: "expected a string, got 7",
    });
    const recheck = invalid(await asOps("POST", "/api/v1/ops/recheck", { providerId: 12 }));
    expect(recheck.at).toEqual({ providerId: "expected a string, got 12" });
  });

  it("numbers out of range say the range", async () => {
    const { at } = invalid(
      await asMaya("POST", "/api/v1/sessions", {
        clientId: sam.client.id,
        startsAt: "2026-07-01T10:00:00-04:00",
        timeZone: "America/New_York",
        durationMinutes: 0,
        modality: "video",
        cptCode: "9083",
      }),
    );
    expect(at).toEqual({
      durationMinutes: "expected whole minutes from 1 to 600, got 0",
      modality: 'expected telehealth or in_person, got "video"',
      cptCode: 'expected a 5-digit CPT code such as 90837, got "9083"',
    });
  });

  it("no field of a write route's body, of whatever wrong kind, is answered in a schema library's words", async () => {
    const routes: [string, string, TSchema][] = [
      ["POST", "/api/v1/clients", NewClientBody],
      ["POST", `/api/v1/clients/${sam.client.id}/locations`, NewLocationBody],
      ["POST", "/api/v1/sessions", ScheduleBody],
      ["POST", `/api/v1/sessions/${aSession}/confirm`, ConfirmBody],
    ];
    let checked = 0;
    for (const [method, url, schema] of routes) {
      for (const path of pathsOf(schema)) {
        for (const value of [7, "x".repeat(400), null, {}, [], true]) {
          const res = await asMaya(method, url, bodyWith(path, value));
          if (res.statusCode !== 400) continue;
          const { at } = invalid(res);
          // Each error names a field (or the body), and says something after the path.
          for (const [where, message] of Object.entries(at)) {
            expect(message.length, `${url} ${where}`).toBeGreaterThan(5);
            expect(message, `${url} ${path.join(".")}=${JSON.stringify(value).slice(0, 20)}`).not.toMatch(
              /[Uu]nion|^Expected /,
            );
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
