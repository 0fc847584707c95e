/**
 * Keyset pagination for the lists (sessions, claims, providers, clients, alerts, claim exports):
 * each list has a stable order ending in the row's id, and a page goes on after the sort key of
 * the last row shown. The `next` cursor is that key, opaque to callers: base64url of a JSON array
 * (the list's name, then the key's parts). Offsets are never used: a page costs the same at the
 * millionth row as at the first, and rows added meanwhile neither repeat nor skip rows.
 *
 * A cursor only says where to continue, never whose rows: every page is read within the caller's
 * own scope, so a cursor taken from someone else's list shows nothing that is not yours.
 */
import { invalid } from "./errors.js";

/** A row's place in its list's order, as text: instants with microseconds ("…T10:00:00.123456Z"), ids, names. */
export type SortKey = readonly string[];

/** A page as the store answers it: the rows, and the sort key of the last one when more follow. */
export interface Paged<T> {
  readonly items: T[];
  readonly more: SortKey | null;
}

/** A page as the use cases answer it: the rows, and the cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** The page of a store query: `limit` rows and where to go on (the store reads `limit + 1`). */
export interface PageQuery {
  readonly limit: number;
  /** Rows after this key in the list's order. */
  readonly after?: SortKey | undefined;
}

type Part = "instant" | "id" | "text";

/** A list's order: its name (a cursor of one list is refused by another) and the parts of its key. */
export interface ListOrder {
  readonly list: string;
  readonly parts: readonly Part[];
}

/** The orders of the lists, each ending in the id (unique): the key of a row is never shared. */
export const ORDERS = {
  /** Start time, then id. */
  sessions: { list: "sessions", parts: ["instant", "id"] },
  /** Newest first: created, then id, both descending. */
  claims: { list: "claims", parts: ["instant", "id"] },
  /** By name, then id. */
  providers: { list: "providers", parts: ["text", "id"] },
  /** By name, then id. */
  clients: { list: "clients", parts: ["text", "id"] },
  /** Newest first: created, then id, both descending. */
  alerts: { list: "alerts", parts: ["instant", "id"] },
  /** Newest first: written, then id, both descending. */
  claimExports: { list: "claim-exports", parts: ["instant", "id"] },
} as const satisfies Record<string, ListOrder>;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hasControl = (v: string): boolean => {
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) < 0x20) return true;
  return false;
};
const VALID: Readonly<Record<Part, (v: string) => boolean>> = {
  instant: (v) => INSTANT.test(v) && !Number.isNaN(Date.parse(v)),
  id: (v) => UUID.test(v),
  text: (v) => v.length > 0 && v.length <= 500 && !hasControl(v),
};

/** Cursors are short: the longest key is a name of 500 characters and an id. */
export const MAX_CURSOR_LENGTH = 1000;

export function encodeCursor(order: ListOrder, key: SortKey): string {
  return Buffer.from(JSON.stringify([order.list, ...key]), "utf8").toString("base64url");
}

const refused = (order: ListOrder) =>
  invalid(
    "query.cursor",
    `not a cursor of this list (${order.list}): pass the X-Next-Cursor of the previous page, or follow its Link rel="next"`,
  );

/** The key a cursor continues after; undefined without one; a 400 naming query.cursor for anything else. */
export function afterCursor(order: ListOrder, cursor: string | undefined): SortKey | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw refused(order);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw refused(order);
  }
  if (!Array.isArray(value) || value.length !== order.parts.length + 1 || value[0] !== order.list)
    throw refused(order);
  const key = value.slice(1) as unknown[];
  const ok = key.every((v, i) => {
    const part = order.parts[i];
    return typeof v === "string" && part !== undefined && VALID[part](v);
  });
  if (!ok) throw refused(order);
  return key as string[];
}

/** The use case's page from the store's: the next cursor when more rows follow. */
export function pageOf<T>(order: ListOrder, paged: Paged<T>): Page<T> {
  return { items: paged.items, next: paged.more === null ? null : encodeCursor(order, paged.more) };
}
