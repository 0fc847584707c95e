/**
 * The provider's alerts in the header: licenses and credentials about to lapse, and upcoming
 * sessions at risk, from GET /api/v1/alerts (the server's re-checks keep them). `lapsingAlerts`
 * words a provider record's lapsing entries for the Licenses & credentials page.
 */
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../api/endpoints";
import type { Alert, Provider, ServedAlert } from "../api/types";
import { useApp } from "../lib/app-context";
import { dateTimeFormat, daysBetween, formatDate, formatDayAt, relativeDays, stateName } from "../lib/format";
import { onChanged } from "../lib/changes";
import { Link } from "../lib/router";

/** Licenses and credentials count as "about to lapse" this many days ahead. */
export const LAPSE_WINDOW_DAYS = 30;

export function lapsingAlerts(provider: Provider, today: string, payerName: (id: string) => string): Alert[] {
  const alerts: Alert[] = [];
  for (const l of provider.licenses) {
    if (!l.validTo || (l.status !== "active" && l.status !== "probation")) continue;
    const days = daysBetween(today, l.validTo);
    if (days < 0 || days > LAPSE_WINDOW_DAYS) continue;
    alerts.push({
      id: `license-${l.id}`,
      severity: days <= 7 ? "critical" : "warning",
      title: `Your ${l.type} license in ${stateName(l.state)} expires ${relativeDays(days)}`,
      detail: `Valid to ${formatDate(l.validTo)}. Renew it to keep seeing clients there.`,
      href: "/credentials",
    });
  }
  for (const c of provider.credentials) {
    if (!c.effectiveTo || c.status !== "active") continue;
    const days = daysBetween(today, c.effectiveTo);
    if (days < 0 || days > LAPSE_WINDOW_DAYS) continue;
    alerts.push({
      id: `credential-${c.id}`,
      severity: days <= 7 ? "critical" : "warning",
      title: `Your ${payerName(c.payer)} credential in ${stateName(c.state)} ends ${relativeDays(days)}`,
      detail: `In force to ${formatDate(c.effectiveTo)}.`,
      href: "/credentials",
    });
  }
  return alerts;
}

type AlertSession = ServedAlert["sessions"][number];

/** How the API's alert text writes a session's start: `2026-12-04 10:00`, where it takes place. */
function apiWhen(s: AlertSession): string {
  const time = dateTimeFormat("en-GB", {
    timeZone: s.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(s.startsAt));
  return `${s.serviceDate} ${time}`;
}

/**
 * An alert's text with each session's start as the viewer reads it: in their time zone, the zone
 * named ("Tue, Dec 8 at 10:00 AM EST"), in place of the API's `2026-12-04 10:00` (the session's
 * own local time, zone unsaid). Times that match no session of the alert stay as they are.
 */
export function withViewerTimes(
  text: string,
  sessions: readonly AlertSession[],
  timeZone?: string,
  now: Date = new Date(),
): string {
  if (sessions.length === 0) return text;
  const byApiWhen = new Map<string, string>();
  for (const s of sessions) {
    const key = apiWhen(s);
    if (!byApiWhen.has(key)) byApiWhen.set(key, formatDayAt(s.startsAt, timeZone, now));
  }
  return text.replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b/g, (m) => byApiWhen.get(m) ?? m);
}

/**
 * GET /api/v1/alerts bodies as the header's alerts: `message` and `fix` become title and detail
 * (session times in the viewer's zone); the kind says where to go about it, and `daysLeft` how
 * urgent it is.
 */
export function normalise(served: readonly ServedAlert[], timeZone?: string, now?: Date): Alert[] {
  return served.map((a) => ({
    id: a.id,
    severity: a.daysLeft !== null && a.daysLeft <= 7 ? "critical" : "warning",
    title: withViewerTimes(a.message, a.sessions, timeZone, now),
    detail: a.fix === null ? null : withViewerTimes(a.fix, a.sessions, timeZone, now),
    href:
      a.kind === "sessions_at_risk"
        ? "/sessions"
        : a.kind === "coverage_not_verified" && a.clientId
          ? `/clients/${a.clientId}`
          : "/credentials",
  }));
}

/** The provider's open alerts, as the server's daily and on-change re-checks keep them. */
async function loadAlerts(): Promise<Alert[]> {
  return normalise((await api.alerts()) ?? []);
}

export function AlertsMenu() {
  const { user } = useApp();
  const [alerts, setAlerts] = useState<Alert[]>();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const [version, setVersion] = useState(0);
  // Saving a license, a location or a session can open or close alerts: load them again.
  useEffect(
    () =>
      onChanged(() => {
        setVersion((v) => v + 1);
      }),
    [],
  );
  useEffect(() => {
    if (!user.providerId) return;
    let live = true;
    loadAlerts().then(
      (a) => {
        if (live) setAlerts(a);
      },
      () => {
        if (live) setAlerts([]);
      },
    );
    return () => {
      live = false;
    };
  }, [user.providerId, version]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      // Closed, focus goes back to the button that opened it (not to the top of the page).
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const count = alerts?.length ?? 0;
  return (
    <div className="alerts" ref={root}>
      <button
        ref={button}
        type="button"
        className={`button button--small alerts__button${count > 0 ? " alerts__button--on" : ""}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        <span aria-hidden="true">{count > 0 ? "▲" : "○"}</span> Alerts
        <span className="alerts__count">{alerts === undefined ? "…" : count}</span>
      </button>
      <div id={panelId} className="alerts__panel" hidden={!open} role="region" aria-label="Alerts">
        {alerts === undefined ? (
          <p>Checking…</p>
        ) : alerts.length === 0 ? (
          <p>
            Nothing needs your attention: no license or credential lapses in the next {LAPSE_WINDOW_DAYS}{" "}
            days.
          </p>
        ) : (
          <ul>
            {alerts.map((a) => (
              <li key={a.id} className={`alert alert--${a.severity}`}>
                <p className="alert__title">{a.title}</p>
                {a.detail ? <p className="alert__detail">{a.detail}</p> : null}
                {a.href ? (
                  <Link
                    to={a.href}
                    onClick={() => {
                      setOpen(false);
                    }}
                  >
                    Open
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
