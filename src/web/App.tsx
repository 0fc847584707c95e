/** Who is signed in decides the app: the sign-in page, or the provider's, client's or operations' pages. */
import { useCallback, useEffect, useMemo, useState } from "react";
import { onSignedOut } from "./api/client";
import { api } from "./api/endpoints";
import type { PayerCatalogue, User } from "./api/types";
import { Shell } from "./Shell";
import { AppContext, catalogueLookup, type AppContextValue } from "./lib/app-context";
import { navigate } from "./lib/router";
import { Loading, pageTitle } from "./components/ui";
import { SignInPage } from "./pages/SignInPage";

type State =
  { kind: "checking" } | { kind: "signed-out"; expired: boolean } | { kind: "signed-in"; user: User };

export function App() {
  const [state, setState] = useState<State>({ kind: "checking" });
  const [catalogue, setCatalogue] = useState<PayerCatalogue>();

  useEffect(() => {
    api.me().then(
      (user) => {
        setState({ kind: "signed-in", user });
      },
      () => {
        setState({ kind: "signed-out", expired: false });
      },
    );
    return onSignedOut(() => {
      setState((s) => (s.kind === "signed-in" ? { kind: "signed-out", expired: true } : s));
    });
  }, []);

  // The document title outside the signed-in pages (those set their own: Shell, PageHeader).
  useEffect(() => {
    if (state.kind !== "signed-in")
      document.title = pageTitle(state.kind === "signed-out" ? "Sign in" : undefined);
  }, [state.kind]);

  const user = state.kind === "signed-in" ? state.user : undefined;
  useEffect(() => {
    if (!user) return;
    api.payers().then(setCatalogue, () => {
      // Names fall back to payer ids; nothing else depends on the catalogue.
    });
  }, [user]);

  const signOut = useCallback(() => {
    api.logout().then(
      () => undefined,
      () => undefined,
    );
    setState({ kind: "signed-out", expired: false });
    setCatalogue(undefined);
    navigate("/", { replace: true });
  }, []);

  const context = useMemo<AppContextValue | undefined>(
    () => (user ? { user, catalogue, signOut, ...catalogueLookup(catalogue) } : undefined),
    [user, catalogue, signOut],
  );

  if (state.kind === "checking") {
    return (
      <main className="centered">
        <Loading what="Opening Stateline" />
      </main>
    );
  }
  if (state.kind === "signed-out" || !context) {
    return (
      <SignInPage
        expired={state.kind === "signed-out" && state.expired}
        onSignedIn={(u) => {
          setState({ kind: "signed-in", user: u });
        }}
      />
    );
  }
  return (
    <AppContext.Provider value={context}>
      <Shell />
    </AppContext.Provider>
  );
}
