/**
 * Paged lists on the wire: the answer stays a JSON array (the web app and integrators read it as
 * before), and the next page travels in headers — `Link: </api/v1/…&cursor=…>; rel="next"` (RFC
 * 8288) and `X-Next-Cursor: …` — both absent on the last page. Each list route declares them in
 * its 200 schema (`pagedArray`), so the OpenAPI document shows them.
 */
import { Type, type TArray, type TSchema } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Page } from "../app/paging.js";

/** The headers a list's page carries, as the OpenAPI document states them. */
export const PAGE_HEADERS = {
  Link: {
    type: "string",
    description:
      'The next page, while more rows follow: `</api/v1/…?…&cursor=…>; rel="next"` (the same query, the next cursor). Absent on the last page.',
  },
  "X-Next-Cursor": {
    type: "string",
    description:
      "The cursor of the next page (pass it as `cursor`), while more rows follow. Absent on the last page.",
  },
} as const;

/** A list's 200 answer: a JSON array of `item`, its next page in the Link and X-Next-Cursor headers. */
export const pagedArray = <T extends TSchema>(item: T, description: string): TArray<T> =>
  Type.Array(item, {
    description: `${description} Paged by keyset: while more rows follow, the Link (rel="next") and X-Next-Cursor headers say where the next page starts; neither is sent on the last page.`,
    headers: PAGE_HEADERS,
  });

/** The request's own URL (path and query) with `cursor` set to the next page's. */
export function nextLink(request: FastifyRequest, cursor: string, param = "cursor"): string {
  const url = new URL(request.url, "http://stateline.invalid");
  url.searchParams.set(param, cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/** Sets the next page's headers (when there is one) and answers the page's rows as `map` shows them. */
export function sendPage<T, U>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<T>,
  map: (item: T) => U,
): U[] {
  if (page.next !== null) {
    void reply.header("link", nextLink(request, page.next));
    void reply.header("x-next-cursor", page.next);
  }
  return page.items.map(map);
}
