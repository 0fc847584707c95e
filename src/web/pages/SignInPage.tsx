/** Sign in with email and password; the server sets an HttpOnly session cookie. */
import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { User } from "../api/types";
import { FormError, TextField } from "../components/Field";
import { Notice } from "../components/ui";

export function SignInPage({ onSignedIn, expired }: { onSignedIn: (user: User) => void; expired: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api.login(email.trim(), password).then(
      (r) => {
        onSignedIn(r.user);
      },
      (err: unknown) => {
        setError(asApiError(err));
        setBusy(false);
      },
    );
  };

  return (
    <main className="signin" id="main">
      <div className="signin__card">
        <p className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            S
          </span>
          Stateline
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Sign in
        </h1>
        <p className="muted">Where you can see and bill each client, and why.</p>
        {expired ? (
          <Notice tone="info" role="status">
            Your session ended. Sign in again to continue.
          </Notice>
        ) : null}
        <form onSubmit={submit} noValidate>
          {error && error.errors.length === 0 ? (
            <Notice tone="bad" role="alert">
              {error.message.charAt(0).toUpperCase() + error.message.slice(1)}.
            </Notice>
          ) : (
            <FormError error={error} shown={["email", "password"]} />
          )}
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={error?.field("email")}
            required
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={error?.field("password")}
            required
          />
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
