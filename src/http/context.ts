/** What every route needs: the store, the map, the clock, and who is asking. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Actor } from "../app/actor.js";
import { authenticate } from "../app/auth.js";
import { todayOf } from "../app/calendar.js";
import type { Store } from "../app/ports.js";
import type { Clearinghouse } from "../app/clearinghouse-port.js";
import type { Reference } from "../reference/catalogue.js";

export interface ServerDeps {
  readonly store: Store;
  readonly geo: Reference;
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  readonly logger?: boolean;
  /** The built web app (default: dist/web); tests may point elsewhere. */
  readonly webDir?: string;
  /** Hours a claim is held after confirmation before it is ready (default 48). */
  readonly claimHoldHours?: number;
  /** X12 interchanges as production (P, default) or test (T) data. */
  readonly x12Usage?: "P" | "T";
  /** Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed. */
  readonly trustProxy?: readonly string[];
  /**
   * Check every JSON answer against its route's response schema, a mismatch being a 500 naming
   * the field (default: STATELINE_CHECK_RESPONSES=1; the int tests set it). See response-check.ts.
   */
  readonly checkResponses?: boolean;
  /** The clearinghouse connector (mailbox or sandbox); none: sending and polling answer 409. */
  readonly clearinghouse?: Clearinghouse | undefined;
  /** How long "Verify coverage" waits for the 271 (default 8000 ms; src/app/eligibility-send.ts). */
  readonly eligibilityWaitMs?: number | undefined;
}

/**
 * The server as routes see it: with the TypeBox type provider, each route's schemas (src/contract/api)
 * type its request's body, query, params and headers, and what it may answer.
 */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const SESSION_COOKIE = "stateline_session";

declare module "fastify" {
  interface FastifyRequest {
    actorCache: Actor | null;
  }
}

/** The signed-in actor of a request (cookie or bearer token), or UNAUTHENTICATED. */
export async function actorOf(request: FastifyRequest, deps: ServerDeps): Promise<Actor> {
  if (request.actorCache) return request.actorCache;
  const token = tokenOf(request);
  const actor = await authenticate(deps.store, token, request.ip, deps.now?.() ?? new Date());
  request.actorCache = actor;
  return actor;
}

/**
 * The login token of a request: `Authorization: Bearer …` (the scheme name is case-insensitive,
 * RFC 9110 §11.1), else the session cookie.
 */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, "").trim() : undefined;
  return bearer || request.cookies[SESSION_COOKIE];
}

/** Today's date (UTC) as the engine's `YYYY-MM-DD`. */
export const today = (deps: ServerDeps) => todayOf(deps.now?.() ?? new Date());
