/** The signed-in frame: header with navigation (and a provider's alerts), and the page for the path. */
import { useEffect, type ReactNode } from "react";
import type { Role } from "./api/types";
import { AlertsMenu } from "./components/Alerts";
import { RoutePatternDefs } from "./components/UsMap";
import { useApp } from "./lib/app-context";
import { Link, match, navigate, useLocation } from "./lib/router";
import { ClaimsPage } from "./pages/provider/ClaimsPage";
import { ClientPage } from "./pages/provider/ClientPage";
import { ClientsPage } from "./pages/provider/ClientsPage";
import { CredentialsPage } from "./pages/provider/CredentialsPage";
import { SessionsPage } from "./pages/provider/SessionsPage";
import { MyLocationsPage } from "./pages/client/MyLocationsPage";
import { MySessionsPage } from "./pages/client/MySessionsPage";
import { AuditPage } from "./pages/ops/AuditPage";
import { BillingSettingsPage } from "./pages/ops/BillingSettingsPage";
import { ClaimsQueuePage } from "./pages/ops/ClaimsQueuePage";
import { PayersPage } from "./pages/ops/PayersPage";
import { RosterPage } from "./pages/ops/RosterPage";
import { Empty, PageHeader } from "./components/ui";

interface NavItem {
  readonly to: string;
  readonly label: string;
}

const NAV: Record<Role, readonly NavItem[]> = {
  provider: [
    { to: "/clients", label: "Clients" },
    { to: "/sessions", label: "Sessions" },
    { to: "/credentials", label: "Licenses & credentials" },
    { to: "/claims", label: "Claims" },
  ],
  client: [
    { to: "/locations", label: "My locations" },
    { to: "/sessions", label: "My sessions" },
  ],
  ops: [
    { to: "/payers", label: "Payers & BCBS map" },
    { to: "/roster", label: "Roster import" },
    { to: "/claims", label: "Claims queue" },
    { to: "/billing-settings", label: "Billing settings" },
    { to: "/audit", label: "Audit log" },
  ],
};

type Page = (params: Record<string, string>) => ReactNode;

const PAGES: Record<Role, readonly (readonly [string, Page])[]> = {
  provider: [
    ["/clients", () => <ClientsPage />],
    ["/clients/:id", (p) => <ClientPage id={p.id ?? ""} key={p.id} />],
    ["/sessions", () => <SessionsPage />],
    ["/credentials", () => <CredentialsPage />],
    ["/claims", () => <ClaimsPage />],
  ],
  client: [
    ["/locations", () => <MyLocationsPage />],
    ["/sessions", () => <MySessionsPage />],
  ],
  ops: [
    ["/payers", () => <PayersPage />],
    ["/roster", () => <RosterPage />],
    ["/claims", () => <ClaimsQueuePage />],
    ["/billing-settings", () => <BillingSettingsPage />],
    ["/audit", () => <AuditPage />],
  ],
};

const ROLE_NAMES: Record<Role, string> = { provider: "Provider", client: "Client", ops: "Operations" };

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Empty>
        There is nothing at this address. <Link to="/">Go to the start page</Link>.
      </Empty>
    </>
  );
}

export function Shell() {
  const { user, signOut } = useApp();
  const { path } = useLocation();
  const nav = NAV[user.role];
  const home = nav[0]?.to ?? "/";

  const atStart = path === "/" || path === "";
  // The start page is the role's first page.
  useEffect(() => {
    if (atStart) navigate(home, { replace: true });
  }, [atStart, home]);

  let page: ReactNode = null;
  if (!atStart) {
    for (const [pattern, render] of PAGES[user.role]) {
      const params = match(pattern, path);
      if (params) {
        page = render(params);
        break;
      }
    }
    page ??= <NotFound />;
  }

  return (
    <>
      <RoutePatternDefs />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to={home} className="brand" aria-label="Stateline, start page">
            <span className="brand__mark" aria-hidden="true">
              S
            </span>
            <span className="brand__name">Stateline</span>
          </Link>
          <nav className="topnav" aria-label="Main">
            <ul>
              {nav.map((item) => {
                const current = path === item.to || path.startsWith(`${item.to}/`);
                return (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={current ? "page" : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="topbar__end">
            {user.role === "provider" ? <AlertsMenu /> : null}
            <span className="topbar__who">
              <span className="visually-hidden">Signed in as </span>
              {user.email}
              <span className="topbar__role">{ROLE_NAMES[user.role]}</span>
            </span>
            <button type="button" className="button button--ghost button--small" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
