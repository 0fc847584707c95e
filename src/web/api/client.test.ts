/**
 * The API client's answers and errors, with `fetch` replaced by a fake: problem+json becomes an
 * ApiError whose fields sit under the inputs they name; a network failure and an answer that is
 * not JSON become ApiErrors the UI can show like any other.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  asApiError,
  fetchFile,
  fieldLabel,
  findInList,
  onSignedOut,
  readableMessage,
  request,
  requestAll,
  requestPage,
  withQuery,
} from "./client";
import type { Problem } from "./types";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
let fetchMock: ReturnType<typeof vi.fn<Fetch>>;

beforeEach(() => {
  fetchMock = vi.fn<Fetch>();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

const problem = (over: Partial<Problem> = {}): Problem => ({
  type: "about:blank",
  title: "Invalid request",
  status: 400,
  detail: "2 fields are not valid",
  code: "VALIDATION",
  ...over,
});

/** What a call threw, as an ApiError (fails the test when it did not throw one). */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe("request", () => {
  it("calls /api/v1 with the cookie, the app's header, and JSON only when there is a body", async () => {
    // A fresh answer per call: a body can be read once.
    fetchMock.mockImplementation(() => Promise.resolve(json(200, { ok: true })));
    await expect(request("POST", "/clients", { name: "Sam" })).resolves.toEqual({ ok: true });
    await request("GET", "/clients");
    const [[url, post], [, get]] = fetchMock.mock.calls as unknown as [
      [string, RequestInit],
      [string, RequestInit],
    ];
    expect(url).toBe("/api/v1/clients");
    expect(post).toMatchObject({ method: "POST", credentials: "same-origin", body: '{"name":"Sam"}' });
    expect(post.headers).toMatchObject({
      "x-stateline-request": "1",
      "content-type": "application/json",
      accept: "application/json, application/problem+json",
    });
    expect(get.body).toBeUndefined();
    expect(get.headers).not.toHaveProperty("content-type");
  });

  it("passes extra headers (an idempotency key)", async () => {
    fetchMock.mockResolvedValue(json(201, {}));
    await request("POST", "/sessions/1/confirm", {}, { "idempotency-key": "k1" });
    expect(fetchMock.mock.calls[0]?.[1]?.headers).toMatchObject({ "idempotency-key": "k1" });
  });

  it("answers undefined for 204 No Content", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(request("DELETE", "/clients/1/locations/2")).resolves.toBeUndefined();
  });
});

describe("problem+json → ApiError", () => {
  it("keeps status, code, title and detail, and maps each field path to its message", async () => {
    fetchMock.mockResolvedValue(
      json(
        422,
        problem({
          status: 422,
          errors: [
            { path: "address.zip", message: 'expected a 5-digit ZIP code, got "1001"' },
            { path: "rows[3].npi", message: 'expected 10 digits, got "123"' },
            { path: "address.zip", message: "a second message for the same field" },
          ],
        }),
        "application/problem+json",
      ),
    );
    const e = await failure(request("POST", "/clients", {}));
    expect(e).toMatchObject({
      name: "ApiError",
      status: 422,
      code: "VALIDATION",
      title: "Invalid request",
      message: "2 fields are not valid",
    });
    // Next to the field: what to do, in words for the person at the form.
    expect(e.fields).toEqual({
      "address.zip": "enter a 5-digit ZIP code",
      "rows[3].npi": "enter 10 digits",
    });
    expect(e.errors).toHaveLength(3);
    expect(e.paths).toEqual(["address.zip", "rows[3].npi"]);
    expect(e.field("rows[3].npi")).toBe("enter 10 digits");
    expect(e.field("name")).toBeUndefined();
    // The API's own words stay available.
    expect(e.problem.errors?.[0]?.message).toBe('expected a 5-digit ZIP code, got "1001"');
  });

  it("without field errors: no fields, the title as message when there is no detail", async () => {
    fetchMock.mockResolvedValue(
      json(404, problem({ status: 404, code: "NOT_FOUND", title: "Not found", detail: "" })),
    );
    const e = await failure(request("GET", "/clients/nope"));
    expect(e).toMatchObject({ status: 404, code: "NOT_FOUND", message: "Not found" });
    expect(e.fields).toEqual({});
    expect(e.errors).toEqual([]);
  });

  it("carries the engine's decision with NOT_BILLABLE", async () => {
    const decision = { outcome: "not_billable", reasons: [{ code: "NOT_LICENSED" }] };
    fetchMock.mockResolvedValue(json(409, problem({ status: 409, code: "NOT_BILLABLE", decision } as never)));
    const e = await failure(request("POST", "/sessions/1/confirm", {}));
    expect(e.decision).toEqual(decision);
  });
});

describe("answers that are not the API's", () => {
  it("a network failure: status 0, NETWORK, a sentence saying to check the connection", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const e = await failure(request("GET", "/me"));
    expect(e).toMatchObject({ status: 0, code: "NETWORK", title: "No connection" });
    expect(e.message).toMatch(/could not be reached/);
  });

  it("an error page that is not JSON (a proxy's 502): its status and the start of its text", async () => {
    const page = `<html><body>Bad gateway${" ".repeat(300)}tail</body></html>`;
    fetchMock.mockResolvedValue(
      new Response(page, { status: 502, headers: { "content-type": "text/html" } }),
    );
    const e = await failure(request("GET", "/me"));
    expect(e).toMatchObject({ status: 502, code: "INTERNAL", title: "Unexpected answer" });
    expect(e.message).toContain("The server answered 502: <html><body>Bad gateway");
    expect(e.message).not.toContain("tail");
  });

  it("a success that is not JSON is an unexpected answer too", async () => {
    fetchMock.mockResolvedValue(new Response("OK", { status: 200 }));
    const e = await failure(request("GET", "/me"));
    expect(e).toMatchObject({ status: 200, code: "INTERNAL", message: "The server answered 200: OK." });
  });

  it("JSON that is not a problem, or no body at all, with an error status", async () => {
    fetchMock.mockResolvedValueOnce(json(500, { error: "boom" }));
    const e = await failure(request("GET", "/me"));
    expect(e).toMatchObject({
      status: 500,
      code: "INTERNAL",
      message: 'The server answered 500: {"error":"boom"}.',
    });
    fetchMock.mockResolvedValueOnce(new Response("", { status: 503 }));
    expect(await failure(request("GET", "/me"))).toMatchObject({
      status: 503,
      message: "The server answered 503.",
    });
  });
});

describe("signing out", () => {
  it("tells the listeners when a call answers 401, except a refused sign-in", async () => {
    const listener = vi.fn();
    const stop = onSignedOut(listener);
    fetchMock.mockImplementation(() =>
      Promise.resolve(json(401, problem({ status: 401, code: "UNAUTHENTICATED", title: "Sign in" }))),
    );
    await failure(request("POST", "/auth/login", { email: "a@b.c", password: "x" }));
    expect(listener).not.toHaveBeenCalled();
    await failure(request("GET", "/clients"));
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    await failure(request("GET", "/clients"));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("fetchFile", () => {
  it("gives the bytes, their type and the file name the server suggests", async () => {
    fetchMock.mockResolvedValue(
      new Response("ISA*00*", {
        status: 200,
        headers: {
          "content-type": "application/edi-x12",
          "content-disposition": 'attachment; filename="claim-SL00000042.x12"',
        },
      }),
    );
    const file = await fetchFile("/claims/1/x12");
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/v1/claims/1/x12");
    expect(file).toMatchObject({ contentType: "application/edi-x12", filename: "claim-SL00000042.x12" });
    expect(await file.blob.text()).toBe("ISA*00*");
  });

  it("throws an error answer as an ApiError, never saves it as the file", async () => {
    fetchMock.mockResolvedValue(
      json(
        409,
        problem({ status: 409, code: "CLAIM_INCOMPLETE", errors: [{ path: "npi", message: "missing" }] }),
      ),
    );
    const e = await failure(fetchFile("/claims/1/x12"));
    expect(e).toMatchObject({ status: 409, code: "CLAIM_INCOMPLETE", fields: { npi: "missing" } });
  });

  it("a network failure as NETWORK", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    expect(await failure(fetchFile("/claims/1/x12"))).toMatchObject({ status: 0, code: "NETWORK" });
  });
});

describe("asApiError and withQuery", () => {
  it("passes an ApiError through and wraps anything else so the UI can show it", () => {
    const api = new ApiError(problem());
    expect(asApiError(api)).toBe(api);
    expect(asApiError(new RangeError("bad index"))).toMatchObject({
      status: 0,
      code: "CLIENT",
      title: "Something went wrong",
      message: "bad index",
    });
    expect(asApiError("plain").message).toBe("plain");
  });

  it("adds the query parameters that have a value", () => {
    expect(withQuery("/claims")).toBe("/claims");
    expect(
      withQuery("/claims", { status: "ready", limit: 50, all: false, from: "", to: null, x: undefined }),
    ).toBe("/claims?status=ready&limit=50&all=false");
    expect(withQuery("/audit", { q: "a b&c" })).toBe("/audit?q=a+b%26c");
  });
});

describe("messages in words for a person", () => {
  it("says what to do instead of what the schema expected", () => {
    expect(readableMessage("required field is missing")).toBe("this is required");
    expect(readableMessage("must not be empty")).toBe("this is required");
    expect(readableMessage("at most 30 characters (an 837P city holds 30)")).toBe(
      "use at most 30 characters (an 837P city holds 30)",
    );
    expect(readableMessage('expected a 5-digit ZIP code or ZIP+4 such as 10027-1234, got "1001"')).toBe(
      "enter a 5-digit ZIP code or ZIP+4 such as 10027-1234",
    );
    expect(readableMessage('expected YYYY-MM-DD, got "21/03/2026"')).toBe(
      "enter a date as YYYY-MM-DD (for example 2026-05-01)",
    );
    expect(readableMessage('expected home, virtual_session, temporary, got "vacation"')).toBe(
      "choose one of home, virtual_session, temporary",
    );
    expect(readableMessage('expected telehealth or in_person, got "video"')).toBe(
      "choose one of telehealth or in_person",
    );
    expect(readableMessage('expected one of ppo, pos, hmo, or null, got "gold"')).toBe(
      "choose one of ppo, pos, hmo",
    );
    expect(readableMessage('expected true or false, got "yes"')).toBe("choose yes or no");
    expect(readableMessage("expected a string, got 42")).toBe("enter text");
    expect(readableMessage("expected whole minutes from 1 to 600, got 0")).toBe(
      "enter whole minutes from 1 to 600",
    );
  });

  it("keeps the use cases' own sentences, and problems of the request's shape, as they are", () => {
    for (const sentence of [
      "ZIP 10001 lies in NY, not NJ",
      "the trip ends on 2026-03-10, before it starts",
      'expected an object, got "home"',
      "must be at least 1, got 0",
    ])
      expect(readableMessage(sentence)).toBe(sentence);
  });

  it("names a field path in words, for errors no field on the form shows", () => {
    expect(fieldLabel("city")).toBe("City");
    expect(fieldLabel("address.line1")).toBe("Address › line 1");
    expect(fieldLabel("coverage.memberId")).toBe("Coverage › member ID");
    expect(fieldLabel("rows[3].npi")).toBe("Rows › 4 › NPI");
    expect(fieldLabel("query.from")).toBe("From");
    expect(fieldLabel("")).toBe("");
  });
});

describe("paged lists", () => {
  /** A list of `total` rows served `limit` at a time, its cursor the index of the next row. */
  const serveList = (total: number) => (input: string) => {
    const url = new URL(input, "http://app.test");
    const limit = Number(url.searchParams.get("limit") ?? 2);
    const from = Number(url.searchParams.get("cursor") ?? 0);
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => ({
      id: `c${from + i}`,
    }));
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (from + limit < total) headers["x-next-cursor"] = String(from + limit);
    return Promise.resolve(new Response(JSON.stringify(rows), { status: 200, headers }));
  };

  it("reads a page and the next page's cursor from X-Next-Cursor, null on the last page", async () => {
    fetchMock.mockImplementation(serveList(3));
    await expect(requestPage("/clients?limit=2")).resolves.toEqual({
      items: [{ id: "c0" }, { id: "c1" }],
      next: "2",
    });
    await expect(requestPage("/clients?limit=2&cursor=2")).resolves.toEqual({
      items: [{ id: "c2" }],
      next: null,
    });
  });

  it("reads a whole list along its cursor, keeping the filter on every page", async () => {
    fetchMock.mockImplementation(serveList(7));
    const rows = await requestAll<{ id: string }>("/sessions", { status: "confirmed", limit: 3 });
    expect(rows.map((r) => r.id)).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
    const urls = fetchMock.mock.calls.map(([url]) => url);
    expect(urls).toEqual([
      "/api/v1/sessions?status=confirmed&limit=3",
      "/api/v1/sessions?status=confirmed&limit=3&cursor=3",
      "/api/v1/sessions?status=confirmed&limit=3&cursor=6",
    ]);
  });

  it("stops with an error, not a hang, when a list repeats its cursor", async () => {
    fetchMock.mockImplementation(() =>
      Promise.resolve(
        new Response("[]", {
          status: 200,
          headers: { "content-type": "application/json", "x-next-cursor": "same" },
        }),
      ),
    );
    const e = await failure(requestAll("/alerts"));
    expect(e.message).toMatch(/repeated its cursor/);
  });

  it("finds the named rows, reading no further than the page where the last one is", async () => {
    fetchMock.mockImplementation(serveList(1000));
    const found = await findInList<{ id: string }>(
      "/claims",
      { status: "ready", limit: 10 },
      new Set(["c3", "c25"]),
    );
    expect([...found.keys()].sort()).toEqual(["c25", "c3"]);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it("gives up on rows the list does not hold once it ends", async () => {
    fetchMock.mockImplementation(serveList(15));
    const found = await findInList<{ id: string }>("/claims", { limit: 10 }, new Set(["c1", "gone"]));
    expect([...found.keys()]).toEqual(["c1"]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
