/**
 * Who reaches which record, decided once for every use case (never in the routes). One policy:
 * operations reach everything, a provider their own clients' records, a client their own. What
 * an actor may not reach answers NOT_FOUND, so an outsider cannot tell "not yours" from "does not
 * exist"; an id that is not an id (not a UUID) is not looked up at all and answers the same.
 */
import type { Actor } from "./actor.js";
import { AppError, notFound } from "./errors.js";
import type { Client, ProviderFile } from "./model.js";
import type { Store } from "./ports.js";
import type { Claim, Session } from "./sessions-model.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a record id (a UUID): anything else matches nothing and never reaches a uuid column. */
export const isId = (id: string): boolean => UUID.test(id);

/** A record as the policy sees it: whose provider it is, and which client's (null: the provider's own). */
export interface Owned {
  readonly providerId: string;
  readonly clientId: string | null;
}

/** The policy: operations reach every record, a provider their own clients', a client their own. */
export function mayReach(actor: Actor, record: Owned): boolean {
  switch (actor.role) {
    case "ops":
      return true;
    case "provider":
      return actor.providerId !== null && record.providerId === actor.providerId;
    case "client":
      return actor.clientId !== null && record.clientId === actor.clientId;
  }
}

/** Whether the actor may act on a client's record (a provider their own clients, a client themself, operations everyone). */
export const mayAct = (actor: Actor, client: Client): boolean =>
  mayReach(actor, { providerId: client.providerId, clientId: client.id });

/** The client if the actor may see it; NOT_FOUND otherwise (also for ids that are not ids). */
export async function visibleClient(store: Store, actor: Actor, clientId: string): Promise<Client> {
  const client = isId(clientId) ? await store.clients.byId(clientId) : undefined;
  if (!client || !mayAct(actor, client)) throw notFound("client");
  return client;
}

/** A provider's file if the actor may see it (the provider themself, operations); NOT_FOUND otherwise. */
export async function visibleProvider(store: Store, actor: Actor, providerId: string): Promise<ProviderFile> {
  const mine = mayReach(actor, { providerId, clientId: null });
  const file = mine && isId(providerId) ? await store.providers.file(providerId) : undefined;
  if (!file) throw notFound("provider");
  return file;
}

/** The session if the actor may see it (its provider, its client, operations); NOT_FOUND otherwise. */
export async function visibleSession(store: Store, actor: Actor, sessionId: string): Promise<Session> {
  const session = isId(sessionId) ? await store.sessions.byId(sessionId) : undefined;
  if (!session || !mayReach(actor, session)) throw notFound("session");
  return session;
}

/** Claims and alerts are the provider's business: to clients they do not exist. */
export const providerBusiness = (actor: Actor): boolean => actor.role !== "client";

/**
 * The claim if the actor may see it (its provider, operations); NOT_FOUND otherwise. Not
 * audited: the use case that reads it records what it did with it.
 */
export async function visibleClaim(store: Store, actor: Actor, claimId: string): Promise<Claim> {
  const claim = providerBusiness(actor) && isId(claimId) ? await store.claims.byId(claimId) : undefined;
  if (!claim || !mayReach(actor, { providerId: claim.providerId, clientId: null })) throw notFound("claim");
  return claim;
}

/** Clients may see their sessions, never change them: they exist for them, so FORBIDDEN, not NOT_FOUND. */
export function mustManage(actor: Actor, what: string): void {
  if (actor.role === "client") {
    throw new AppError("FORBIDDEN", `only the client's provider or operations can ${what}`);
  }
}
