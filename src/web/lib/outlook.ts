/**
 * Whether upcoming sessions can go ahead from where the client will be: the client's summary on
 * the session's date (the API places the client there: a trip covering the day, else their
 * latest virtual-session place, else home) carries the engine's decision for a video session.
 */
import { api } from "../api/endpoints";
import type { ClientSummary, Session } from "../api/types";

export interface Outlook {
  readonly session: Session;
  /** The client as they will be on the session's date; undefined if unknown. */
  readonly summary: ClientSummary | undefined;
}

/** Scheduled telehealth sessions' outlook, fetching one client list per distinct date. */
export async function outlookForProvider(sessions: readonly Session[]): Promise<Outlook[]> {
  const dates = [...new Set(sessions.map((s) => s.serviceDate))];
  const byDate = new Map<string, Map<string, ClientSummary>>();
  await Promise.all(
    dates.map(async (date) => {
      const clients = await api.clients(date);
      byDate.set(date, new Map(clients.map((c) => [c.id, c])));
    }),
  );
  return sessions.map((session) => ({
    session,
    summary: byDate.get(session.serviceDate)?.get(session.clientId),
  }));
}

/** The same for a client, who may read only their own record. */
export async function outlookForClient(clientId: string, sessions: readonly Session[]): Promise<Outlook[]> {
  const dates = [...new Set(sessions.map((s) => s.serviceDate))];
  const byDate = new Map<string, ClientSummary>();
  await Promise.all(
    dates.map(async (date) => {
      byDate.set(date, await api.client(clientId, date));
    }),
  );
  return sessions.map((session) => ({ session, summary: byDate.get(session.serviceDate) }));
}

/** An outlook that says the session cannot go ahead as planned (by video, from where the client will be). */
export const atRisk = (o: Outlook) =>
  o.session.modality === "telehealth" &&
  o.summary !== undefined &&
  o.summary.decision?.outcome !== "billable";
