/**
 * The provider's alerts in the header: licenses and credentials about to lapse, and upcoming
 * sessions at risk. From GET /api/v1/alerts when the server has it; otherwise worked out here
 * from the provider record and the upcoming sessions.
 */
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../api/endpoints";
import type { Alert, Provider, ServedAlert } from "../api/types";
import { useApp } from "../lib/app-context";
import { addDays, daysBetween, formatDate, relativeDays, stateName, todayIso } from "../lib/format";
import { onChanged } from "../lib/changes";
import { atRisk, outlookForProvider } from "../lib/outlook";
import { Link } from "../lib/router";

/** Licenses and credentials count as "about to lapse" this many days ahead. */
export const LAPSE_WINDOW_DAYS = 30;
/** Sessions this many days ahead are checked against where the client will be. */
const SESSION_WINDOW_DAYS = 14;

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

/**
 * GET /api/v1/alerts bodies as the header's alerts: `message` and `fix` become title and detail;
 * the kind says where to go about it, and `daysLeft` how urgent it is.
 */
function normalise(served: readonly ServedAlert[]): Alert[] {
  return served.map((a) => ({
    id: a.id,
    severity: a.daysLeft !== null && a.daysLeft <= 7 ? "critical" : "warning",
    title: a.message,
    detail: a.fix,
    href: a.kind === "sessions_at_risk" ? "/sessions" : "/credentials",
  }));
}

async function loadAlerts(providerId: string, payerName: (id: string) => string): Promise<Alert[]> {
  const served = await api.alerts();
  if (served) return normalise(served);
  const today = todayIso();
  const [provider, sessions] = await Promise.all([
    api.provider(providerId),
    api.sessions({ from: today, to: addDays(today, SESSION_WINDOW_DAYS), status: "scheduled" }),
  ]);
  const upcoming = sessions.filter((s) => new Date(s.startsAt).getTime() > Date.now());
  const risky = (await outlookForProvider(upcoming)).filter(atRisk).map((o): Alert => ({
    id: `session-${o.session.id}`,
    severity: "warning",
    title: `Session with ${o.summary?.name ?? "a client"} on ${formatDate(o.session.serviceDate)} is at risk`,
    detail: o.summary?.decision?.reasons[0]?.message ?? null,
    href: "/sessions",
  }));
  return [...lapsingAlerts(provider, today, payerName), ...risky];
}

export function AlertsMenu() {
  const { user, payerName } = useApp();
  const [alerts, setAlerts] = useState<Alert[]>();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

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
    loadAlerts(user.providerId, payerName).then(
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
  }, [user.providerId, payerName, version]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
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
