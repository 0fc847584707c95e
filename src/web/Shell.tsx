/**
 * The signed-in frame: header with navigation (folded behind a Menu button at phone width), who is
 * signed in, a provider's alerts, and the page for the path with its document title.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Role, User } from "./api/types";
import { AlertsMenu } from "./components/Alerts";
import { RoutePatternDefs } from "./components/UsMap";
import { useApp } from "./lib/app-context";
import { Link, match, navigate, useLocation } from "./lib/router";
import { ClaimsPage } from "./pages/provider/ClaimsPage";
import { ClientPage } from "./pages/provider/ClientPage";
import { ClientsPage } from "./pages/provider/ClientsPage";
import { CredentialsPage } from "./pages/provider/CredentialsPage";
import { ReferralsPage } from "./pages/provider/ReferralsPage";
import { SessionsPage } from "./pages/provider/SessionsPage";
import { MyLocationsPage } from "./pages/client/MyLocationsPage";
import { MySessionsPage } from "./pages/client/MySessionsPage";
import { AuditPage } from "./pages/ops/AuditPage";
import { BillingSettingsPage } from "./pages/ops/BillingSettingsPage";
import { ClaimsQueuePage } from "./pages/ops/ClaimsQueuePage";
import { DirectoryPage } from "./pages/ops/DirectoryPage";
import { PayersPage } from "./pages/ops/PayersPage";
import { RosterPage } from "./pages/ops/RosterPage";
import { DenialsPage } from "./pages/ops/DenialsPage";
import { RemittanceDetailPage, RemittancesPage } from "./pages/ops/RemittancePage";
import { EdiFilesPage } from "./pages/ops/EdiFilesPage";
import { Empty, PageHeader, pageTitle } from "./components/ui";

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
    { to: "/referrals", label: "Referrals" },
  ],
  client: [
    { to: "/locations", label: "My locations" },
    { to: "/sessions", label: "My sessions" },
  ],
  ops: [
    { to: "/payers", label: "Payers & BCBS map" },
    { to: "/roster", label: "Roster import" },
    { to: "/claims", label: "Claims queue" },
    { to: "/remittances", label: "Remittances" },
    { to: "/denials", label: "Denials" },
    { to: "/edi-files", label: "EDI files" },
    { to: "/directory", label: "Directory" },
    { to: "/billing-settings", label: "Billing settings" },
    { to: "/audit", label: "Audit log" },
  ],
};

type Page = (params: Record<string, string>) => ReactNode;

/**
 * Each role's pages: path pattern, the document title while it opens ("Clients — Stateline"; a
 * page whose heading is text then titles itself by it, e.g. a client's name), and the page.
 */
const PAGES: Record<Role, readonly (readonly [string, string, Page])[]> = {
  provider: [
    ["/clients", "Clients", () => <ClientsPage />],
    ["/clients/:id", "Client", (p) => <ClientPage id={p.id ?? ""} key={p.id} />],
    ["/sessions", "Sessions", () => <SessionsPage />],
    ["/credentials", "Licenses & credentials", () => <CredentialsPage />],
    ["/claims", "Claims", () => <ClaimsPage />],
    ["/referrals", "Referrals", () => <ReferralsPage />],
  ],
  client: [
    ["/locations", "My locations", () => <MyLocationsPage />],
    ["/sessions", "My sessions", () => <MySessionsPage />],
  ],
  ops: [
    ["/payers", "Payers & BCBS map", () => <PayersPage />],
    ["/roster", "Roster import", () => <RosterPage />],
    ["/claims", "Claims queue", () => <ClaimsQueuePage />],
    ["/remittances", "Remittances", () => <RemittancesPage />],
    ["/remittances/:id", "Remittance", (p) => <RemittanceDetailPage id={p.id ?? ""} key={p.id} />],
    ["/denials", "Denials", () => <DenialsPage />],
    ["/edi-files", "EDI files", () => <EdiFilesPage />],
    ["/directory", "Directory", () => <DirectoryPage />],
    ["/billing-settings", "Billing settings", () => <BillingSettingsPage />],
    ["/audit", "Audit log", () => <AuditPage />],
  ],
};

const ROLE_NAMES: Record<Role, string> = { provider: "Provider", client: "Client", ops: "Operations" };

/**
 * The name the header shows for who is signed in: their name once the API's User carries one,
 * until then their email (the provider's or client's name is not part of GET /me yet).
 */
export function displayName(user: User & { readonly name?: string | null }): string {
  return user.name?.trim() || user.email;
}

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

/** Who is signed in and the way out: in the header at desktop width, in the menu at phone width. */
function Account({ user, signOut, className }: { user: User; signOut: () => void; className: string }) {
  return (
    <div className={className}>
      <span className="topbar__who">
        <span className="visually-hidden">Signed in as </span>
        <span className="topbar__name">{displayName(user)}</span>
        <span className="topbar__role">{ROLE_NAMES[user.role]}</span>
      </span>
      <button type="button" className="button button--ghost button--small" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}

/**
 * The main navigation. At phone width it folds behind a "Menu" button (a disclosure: the button
 * says whether the menu is open and which element it opens; Escape closes it and gives focus back
 * to the button; choosing a page or clicking elsewhere closes it). Wider, the links are all shown
 * and the button is not. The current page's link is marked aria-current="page".
 */
export function MainNav({
  nav,
  path,
  user,
  signOut,
}: {
  nav: readonly NavItem[];
  path: string;
  user: User;
  signOut: () => void;
}) {
  // The path the menu was opened on: it is open only there, so a new page (a link, Back) closes it.
  const [openOn, setOpenOn] = useState<string>();
  const open = openOn === path;
  const setOpen = useCallback(
    (next: boolean | ((was: boolean) => boolean)) => {
      setOpenOn((on) => ((typeof next === "function" ? next(on === path) : next) ? path : undefined));
    },
    [path],
  );
  const menuId = useId();
  const root = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onPointer = (e: MouseEvent | TouchEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onPointer);
    document.addEventListener("touchstart", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onPointer);
      document.removeEventListener("touchstart", onPointer);
    };
  }, [open, setOpen]);

  const current = nav.find((item) => path === item.to || path.startsWith(`${item.to}/`));
  return (
    <nav className="topnav" aria-label="Main" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="button button--small topnav__toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        <span className="topnav__icon" aria-hidden="true">
          {open ? "✕" : "☰"}
        </span>
        Menu
      </button>
      <div id={menuId} className={`topnav__menu${open ? " topnav__menu--open" : ""}`}>
        <ul>
          {nav.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                aria-current={item === current ? "page" : undefined}
                onClick={() => {
                  setOpen(false);
                }}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <Account user={user} signOut={signOut} className="topnav__account" />
      </div>
    </nav>
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
  let title: string | undefined;
  if (!atStart) {
    for (const [pattern, pageName, render] of PAGES[user.role]) {
      const params = match(pattern, path);
      if (params) {
        page = render(params);
        title = pageName;
        break;
      }
    }
    if (!page) {
      page = <NotFound />;
      title = "Page not found";
    }
  }

  // The route's title first (a layout effect runs before any page's own effects): a page whose
  // heading is text then titles itself (PageHeader), e.g. with a client's name.
  useLayoutEffect(() => {
    if (title !== undefined) document.title = pageTitle(title);
  }, [title, path]);

  return (
    <>
      <RoutePatternDefs />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to={home} className="brand">
            <span className="brand__mark" aria-hidden="true">
              S
            </span>
            <span className="brand__name">Stateline</span>
          </Link>
          <MainNav nav={nav} path={path} user={user} signOut={signOut} />
          <div className="topbar__end">
            {user.role === "provider" ? <AlertsMenu /> : null}
            <Account user={user} signOut={signOut} className="topbar__account" />
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
