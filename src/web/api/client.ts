/**
 * The API client: JSON over fetch with the session cookie (set HttpOnly by the sign-in route, so
 * this code never sees a token), and problem+json errors turned into an ApiError whose `fields`
 * map each field path (`address.zip`, `rows[3].npi`) to its message, in words for the person at
 * the form, for showing next to the field.
 */
import type { Decision, FieldError, Problem } from "./types";

const NAMED_TYPES: Readonly<Record<string, string>> = {
  "a string": "enter text",
  "a number": "enter a number",
  "an integer": "enter a whole number",
  "true or false": "choose yes or no",
};

/**
 * An API field message in words for the person at the form: the API speaks to integrators
 * ("expected a 5-digit ZIP code, got \"1001\"", "required field is missing"); a form says what to
 * do ("enter a 5-digit ZIP code", "this is required"). Messages that are already sentences (the
 * use cases' own: "ZIP 10001 lies in NY, not NJ") are kept as they are.
 */
export function readableMessage(message: string): string {
  const m = message.trim();
  if (m === "required field is missing" || m === "must not be empty") return "this is required";
  const maxLength = /^at most (\d+) characters(.*)$/s.exec(m);
  if (maxLength) return `use at most ${maxLength[1] ?? ""} characters${maxLength[2] ?? ""}`;
  const expected = /^expected (.+), got (.+)$/s.exec(m);
  if (!expected) return m;
  const wanted = (expected[1] ?? "").replace(/,? or null$/, "");
  const named = NAMED_TYPES[wanted];
  if (named) return named;
  // A problem of the request's shape, not of what was typed: said as the API said it.
  if (wanted === "an object" || wanted === "an array" || wanted === "null") return m;
  if (/YYYY-MM-DD/.test(wanted)) return "enter a date as YYYY-MM-DD (for example 2026-05-01)";
  if (wanted.startsWith("one of ")) return `choose ${wanted}`;
  // A closed list as the API names it: "home, virtual_session, temporary", "telehealth or in_person".
  if (/^"?[a-z0-9_]+"?((, | or )"?[a-z0-9_]+"?)+$/.test(wanted)) return `choose one of ${wanted}`;
  return `enter ${wanted}`;
}

const ACRONYMS = new Set(["npi", "zip", "cpt", "id", "ein", "tin", "icd", "url", "pos"]);

/**
 * A field path as words, for errors no field on the form shows: `address.line1` → "Address ›
 * line 1", `rows[3].npi` → "Rows › 4 › NPI", `coverage.memberId` → "Coverage › member ID".
 */
export function fieldLabel(path: string): string {
  const parts = path
    .replace(/\[(\d+)\]/g, (_, n: string) => `.#${Number(n) + 1}`)
    .split(".")
    .filter((p) => p !== "");
  if (parts.length > 1 && (parts[0] === "query" || parts[0] === "params" || parts[0] === "headers"))
    parts.shift();
  const words = parts.map((p) =>
    p.startsWith("#")
      ? p.slice(1)
      : p
          .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
          .split(/[\s_-]+/)
          .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()))
          .join(" "),
  );
  const text = words.join(" › ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  /**
   * Field path → the message to show next to that field, in words for a person
   * (`readableMessage`); "" holds errors about the request as a whole.
   */
  readonly fields: Readonly<Record<string, string>>;
  /** Every error in the API's order, each message in words for a person (`readableMessage`). */
  readonly errors: readonly FieldError[];
  /** The problem as the API sent it, in its own words. */
  readonly problem: Problem;
  /** NOT_BILLABLE: the engine's decision, with its reasons and fixes. */
  readonly decision: Decision | undefined;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.problem = problem;
    this.errors = (problem.errors ?? []).map((e) => ({ ...e, message: readableMessage(e.message) }));
    const fields: Record<string, string> = {};
    for (const e of this.errors) fields[e.path] ??= e.message;
    this.fields = fields;
    this.decision = problem.decision;
  }

  /** The message for one field, if the API named it (in words for a person). */
  field(path: string): string | undefined {
    return this.fields[path];
  }

  /** The paths the API named, in its order (the first is where the form's focus goes). */
  get paths(): readonly string[] {
    return [...new Set(this.errors.map((e) => e.path))];
  }
}

/** A network failure or an answer that is not JSON, as an ApiError the UI can show. */
function unreachable(status: number, text: string): ApiError {
  return new ApiError({
    type: "about:blank",
    title: status === 0 ? "No connection" : "Unexpected answer",
    status,
    detail:
      status === 0
        ? "Stateline could not be reached. Check your connection and try again."
        : `The server answered ${status}${text ? `: ${text.slice(0, 200)}` : ""}.`,
    code: status === 0 ? "NETWORK" : "INTERNAL",
  });
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "code" in value;
}

/** Listeners told when any call answers 401 (the session ended): the app shows the sign-in page. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function parse<T>(response: Response, path: string): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw unreachable(response.status, text);
  }
  if (response.ok) return body as T;
  if (response.status === 401 && !path.endsWith("/auth/login"))
    signedOutListeners.forEach((l) => {
      l();
    });
  throw isProblem(body) ? new ApiError(body) : unreachable(response.status, text);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await send(method, path, body, headers);
  return parse<T>(response, path);
}

/** One page of a list: its rows, and the cursor of the next page (null on the last). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/**
 * A page of a list route (sessions, claims, clients, alerts, …): the JSON array, and the next
 * page's cursor from the X-Next-Cursor header, which the API sends only while more rows follow.
 */
export async function requestPage<T>(path: string): Promise<ListPage<T>> {
  const response = await send("GET", path);
  const items = await parse<T[]>(response, path);
  return { items, next: response.headers.get("x-next-cursor") || null };
}

/** The query with the cursor of the page to read (none for the first). */
function atCursor(query: Query, cursor: string | null): Query {
  return cursor === null ? query : { ...query, cursor };
}

/**
 * Every row of a list, page after page along the cursor: for lists bounded by one practice or
 * one client (a provider's own clients, sessions, claims and alerts), which a page shows whole.
 */
export async function requestAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const got: ListPage<T> = await requestPage<T>(withQuery(path, atCursor(query, cursor)));
    items.push(...got.items);
    if (got.next === null) return items;
    // A cursor met twice would read the same pages forever: an error, never a hang.
    if (seen.has(got.next)) throw unreachable(200, `the list ${path} repeated its cursor`);
    seen.add(got.next);
    cursor = got.next;
  }
}

/**
 * The rows of a list that `wanted` names, reading pages until each is found or the list ends:
 * for naming a few rows (the claims an export left out) without reading a whole queue.
 */
export async function findInList<T extends { readonly id: string }>(
  path: string,
  query: Query,
  wanted: ReadonlySet<string>,
  maxPages = 50,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  let cursor: string | null = null;
  for (let page = 0; page < maxPages && found.size < wanted.size; page++) {
    const got: ListPage<T> = await requestPage<T>(withQuery(path, atCursor(query, cursor)));
    for (const row of got.items) if (wanted.has(row.id)) found.set(row.id, row);
    cursor = got.next;
    if (cursor === null) break;
  }
  return found;
}

async function send(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json, application/problem+json",
        // Proof for the server that the request comes from the app (cross-site forgery guard).
        "x-stateline-request": "1",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw unreachable(0, "");
  }
  return response;
}

/** A file the API answers (a claim as X12 or FHIR): its bytes, type and suggested name. */
export interface ApiFile {
  readonly blob: Blob;
  readonly contentType: string;
  /** From Content-Disposition, when the server names the file. */
  readonly filename: string | undefined;
}

/** GETs a file; an error answer (problem+json) is thrown as an ApiError like any other call. */
export async function fetchFile(path: string): Promise<ApiFile> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      credentials: "same-origin",
      headers: { accept: "*/*" },
    });
  } catch {
    throw unreachable(0, "");
  }
  if (!response.ok) return parse<never>(response, path);
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1];
  return {
    blob: await response.blob(),
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
    filename,
  };
}

export interface Progress {
  /** 0..1, or null while the size is unknown. */
  readonly fraction: number | null;
  readonly phase: "uploading" | "processing";
}

/**
 * POSTs a text body with upload progress (fetch cannot report it): for CSV files that may be
 * large. After the upload, `phase` is "processing" until the server answers.
 */
export function upload<T>(
  path: string,
  text: string,
  contentType: string,
  onProgress: (p: Progress) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("accept", "application/json, application/problem+json");
    xhr.setRequestHeader("x-stateline-request", "1");
    xhr.upload.onprogress = (e) => {
      onProgress({ fraction: e.lengthComputable ? e.loaded / e.total : null, phase: "uploading" });
    };
    xhr.upload.onload = () => {
      onProgress({ fraction: 1, phase: "processing" });
    };
    xhr.onerror = () => {
      reject(unreachable(0, ""));
    };
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: { "content-type": xhr.getResponseHeader("content-type") ?? "" },
      });
      parse<T>(response, path).then(resolve, reject);
    };
    xhr.send(text);
  });
}

/** Any thrown value as an ApiError (programming errors included, so the UI can always show something). */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError({
    type: "about:blank",
    title: "Something went wrong",
    status: 0,
    detail: e instanceof Error ? e.message : String(e),
    code: "CLIENT",
  });
}
