/**
 * Alerts as people read and dismiss them (what routes and commands call). A provider sees and
 * dismisses their own alerts, operations everyone's; to clients, alerts do not exist (NOT_FOUND).
 * Raising and clearing them is the re-check's (recheck.ts).
 */
import { isId, mayReach, providerBusiness } from "../access.js";
import type { Actor } from "../actor.js";
import type { Alert } from "../alerts-port.js";
import { audit, userOf } from "../audit.js";
import { daysBetween } from "../calendar.js";
import { notFound } from "../errors.js";
import { afterCursor, ORDERS, pageOf, type Page } from "../paging.js";
import type { Store } from "../ports.js";

/** An alert as shown: with the days left to its license's or credential's end, counted today. */
export interface AlertView extends Alert {
  readonly daysLeft: number | null;
}

export interface AlertFilter {
  /** Operations only: one provider's alerts. */
  readonly providerId?: string | undefined;
  readonly status?: "open" | "resolved" | "all" | undefined;
  /** Page size (default 200). */
  readonly limit?: number | undefined;
  /** The next page: the cursor the previous one answered (src/app/paging.ts). */
  readonly cursor?: string | undefined;
}

const view = (a: Alert, today: string): AlertView => ({
  ...a,
  daysLeft: a.detail.endsOn === undefined ? null : daysBetween(today, a.detail.endsOn),
});

/** A provider's own alerts, or (operations) everyone's; clients have none (NOT_FOUND). */
export async function listAlerts(
  store: Store,
  actor: Actor,
  filter: AlertFilter,
  today: string,
): Promise<AlertView[]> {
  return [...(await pageAlerts(store, actor, filter, today)).items];
}

/** `listAlerts` a page at a time, newest first, with the cursor of the next page. */
export async function pageAlerts(
  store: Store,
  actor: Actor,
  filter: AlertFilter,
  today: string,
): Promise<Page<AlertView>> {
  const after = afterCursor(ORDERS.alerts, filter.cursor);
  const none: Page<AlertView> = { items: [], next: null };
  let providerId = filter.providerId;
  if (actor.role === "client") throw notFound("route");
  if (actor.role === "provider") {
    if (!actor.providerId) return none;
    if (providerId !== undefined && providerId !== actor.providerId) return none;
    providerId = actor.providerId;
  }
  if (providerId !== undefined && !isId(providerId)) return none;
  const page = pageOf(
    ORDERS.alerts,
    await store.alerts.page({
      providerId,
      status: filter.status ?? "open",
      limit: filter.limit ?? 200,
      after,
    }),
  );
  const alerts = page.items;
  // Alerts name clients and their session dates: reading them is reading client data.
  await audit(store, actor, "alert.list", "alert", null, null, {
    alertIds: alerts.map((a) => a.id),
    clientIds: [...new Set(alerts.flatMap((a) => (a.clientId ? [a.clientId] : [])))],
  });
  return { items: alerts.map((a) => view(a, today)), next: page.next };
}

/**
 * Dismisses an alert (its provider, or operations). A later re-check raises the problem again
 * only if more sessions come to be at risk; solving it clears the alert by itself.
 */
export async function resolveAlert(
  store: Store,
  actor: Actor,
  alertId: string,
  today: string,
  now: Date = new Date(),
): Promise<AlertView> {
  const alert = isId(alertId) ? await store.alerts.byId(alertId) : undefined;
  const mine =
    alert !== undefined &&
    providerBusiness(actor) &&
    mayReach(actor, { providerId: alert.providerId, clientId: null });
  if (!alert || !mine) throw notFound("alert");
  if (alert.resolvedAt !== null) {
    // Already closed: nothing changes, but the alert (client name, session dates) was read.
    await audit(store, actor, "alert.resolve", "alert", alert.id, alert.clientId, {
      kind: alert.kind,
      repeated: true,
    });
    return view(alert, today);
  }
  return store.transaction(async (tx) => {
    const [resolved] = await tx.alerts.resolve([alert.id], {
      resolution: "dismissed",
      by: userOf(actor),
      at: now,
    });
    await audit(tx, actor, "alert.resolve", "alert", alert.id, alert.clientId, { kind: alert.kind });
    // Resolved meanwhile by a re-check: answer it as it is now.
    return view(resolved ?? (await tx.alerts.byId(alert.id)) ?? alert, today);
  });
}
