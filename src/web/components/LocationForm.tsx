/**
 * A client's places — home, a trip with its dates, where they take video sessions — and what can
 * be done with them: add one, edit one, end one ("Moved out on…") and delete one (archived instead
 * when a confirmed session took place there). Used by providers (for a client) and by clients
 * (for themselves); the wording follows `who`. API errors appear next to their field; a trip
 * entirely in the past is pointed out before sending. After a change, the upcoming sessions it
 * put at risk are listed, each linked to the Sessions page.
 */
import { useState, type ReactNode, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type {
  AtRiskSession,
  ClientDetail,
  ClientLocation,
  LocationKind,
  RemovedLocation,
  SavedLocation,
  StateCode,
} from "../api/types";
import { notifyChanged } from "../lib/changes";
import { formatAddress, formatDate, STATE_OPTIONS, todayIso } from "../lib/format";
import {
  atRiskLead,
  atRiskReason,
  draftOf,
  editBody,
  emptyDraft,
  LOCATION_LIMITS,
  localProblems,
  locationName,
  newLocationBody,
  REPLACED_MESSAGE,
  removedMessage,
  sessionHref,
  sessionWhen,
  type LocationDraft,
} from "../lib/location-draft";
import { Link } from "../lib/router";
import { Dialog } from "./Dialog";
import { FormError, SelectField, TextField } from "./Field";
import { Empty, FormActions, Notice } from "./ui";

const KIND_LABELS: Record<"provider" | "client", Record<LocationKind, string>> = {
  provider: {
    home: "Home (where they live)",
    temporary: "A trip, with dates",
    virtual_session: "Where they take video sessions",
  },
  client: {
    home: "My home",
    temporary: "A trip, with dates",
    virtual_session: "Where I take video sessions (e.g. dorm, office)",
  },
};

export const LOCATION_KIND_NAMES: Record<LocationKind, string> = {
  home: "Home",
  temporary: "Trip",
  virtual_session: "Video sessions",
};

const SHOWN = ["kind", "label", "line1", "line2", "city", "state", "zip", "startsOn", "endsOn", "replaces"];

/** The sessions a change put at risk, each linked to the Sessions page. */
export function AtRiskList({ sessions }: { sessions: readonly AtRiskSession[] }) {
  if (sessions.length === 0) return null;
  return (
    <div className="at-risk">
      <p className="at-risk__lead">
        <strong>{atRiskLead(sessions.length)}</strong>
      </p>
      <ul className="at-risk__list" aria-label="Sessions at risk">
        {sessions.map((s) => (
          <li key={s.id}>
            <Link to={sessionHref(s.id)}>{sessionWhen(s.startsAt, s.timeZone)}</Link> — {atRiskReason(s)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What a change to a location did, for the page's notice. */
export interface LocationChange {
  readonly message: ReactNode;
  readonly atRisk: readonly AtRiskSession[];
  readonly title?: string;
}

/** The page's notice after a change: what was done, and the sessions it put at risk. */
export function ChangeNotice({ change, children }: { change: LocationChange; children?: ReactNode }) {
  const risky = change.atRisk.length > 0;
  return (
    <Notice tone={risky ? "warn" : "good"} role="status" title={change.title}>
      <p>
        {change.message} {children}
      </p>
      <AtRiskList sessions={change.atRisk} />
    </Notice>
  );
}

export function LocationForm({
  clientId,
  who,
  current,
  onSaved,
  onCancel,
  defaultKind = "home",
  editing,
}: {
  clientId: string;
  who: "provider" | "client";
  /** The client's current locations, to offer replacing one. */
  current: readonly ClientLocation[];
  onSaved: (location: SavedLocation) => void;
  onCancel?: () => void;
  defaultKind?: LocationKind;
  /** Edit this location (only the fields that change are sent) instead of adding one. */
  editing?: ClientLocation;
}) {
  const [draft, setDraft] = useState<LocationDraft>(() =>
    editing ? draftOf(editing) : emptyDraft(defaultKind),
  );
  const [error, setError] = useState<ApiError>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [unchanged, setUnchanged] = useState(false);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof LocationDraft>(key: K) =>
    (value: LocationDraft[K]) => {
      setDraft((d) => ({ ...d, [key]: value }));
      setUnchanged(false);
      if (local[key]) setLocal(({ [key]: _gone, ...rest }) => rest);
    };
  const { kind } = draft;
  const fieldError = (path: string) => local[path] ?? error?.field(path);

  const replaceable = editing ? [] : current.filter((l) => l.kind === kind && kind !== "temporary");

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const today = todayIso();
    const body = editing ? editBody(editing, draft) : undefined;
    // A trip entirely in the past: said before sending, in the server's words.
    const problems = editing && body?.endsOn === undefined ? {} : localProblems(draft, today);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      setError(undefined);
      return;
    }
    if (editing && body && Object.keys(body).length === 0) {
      setUnchanged(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    const saving =
      editing && body
        ? api.editLocation(clientId, editing.id, body)
        : api.addLocation(clientId, newLocationBody(draft));
    saving.then(
      (saved) => {
        setBusy(false);
        notifyChanged();
        onSaved(saved);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };

  const you = who === "client";
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={SHOWN} />
      {unchanged ? (
        <p className="notice notice--info" role="status">
          Nothing has changed yet.
        </p>
      ) : null}
      {editing ? (
        <p className="form__fixed">
          <span className="muted">Kind of place: </span>
          {KIND_LABELS[who][editing.kind]}
        </p>
      ) : (
        <SelectField<LocationKind>
          label="What kind of place"
          value={kind}
          onChange={(k) => {
            setDraft((d) => ({ ...d, kind: k, replaces: "" }));
            setLocal({});
          }}
          options={(Object.keys(KIND_LABELS[who]) as LocationKind[]).map((k) => ({
            value: k,
            label: KIND_LABELS[who][k],
          }))}
          error={fieldError("kind")}
        />
      )}
      {kind === "temporary" ? (
        <div className="form__row">
          <TextField
            label="From"
            type="date"
            value={draft.startsOn}
            onChange={set("startsOn")}
            error={fieldError("startsOn")}
            required
          />
          <TextField
            label="Until"
            type="date"
            value={draft.endsOn}
            onChange={set("endsOn")}
            error={fieldError("endsOn")}
            required
          />
        </div>
      ) : null}
      <TextField
        label="Name for this place (optional)"
        hint={kind === "temporary" ? "For example: Spring break, Miami" : "For example: Dorm, Columbia"}
        value={draft.label}
        onChange={set("label")}
        error={fieldError("label")}
        maxLength={LOCATION_LIMITS.label}
      />
      <TextField
        label="Street address (optional)"
        hint={you ? "Helps your provider in a crisis." : "Needed for crisis sessions."}
        value={draft.line1}
        onChange={set("line1")}
        error={fieldError("line1")}
        autoComplete="address-line1"
        maxLength={LOCATION_LIMITS.line1}
      />
      <TextField
        label="Apartment, suite, floor (optional)"
        value={draft.line2}
        onChange={set("line2")}
        error={fieldError("line2")}
        autoComplete="address-line2"
        maxLength={LOCATION_LIMITS.line2}
      />
      <div className="form__row form__row--address">
        <TextField
          label="City"
          value={draft.city}
          onChange={set("city")}
          error={fieldError("city")}
          autoComplete="address-level2"
          maxLength={LOCATION_LIMITS.city}
        />
        <SelectField<StateCode>
          label="State"
          value={draft.state}
          onChange={set("state")}
          placeholder="Choose…"
          options={STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }))}
          error={fieldError("state")}
          required
        />
        <TextField
          label="ZIP code"
          hint="5 digits, or ZIP+4 such as 10027-1234. Some states have several Blue plans: the ZIP says which."
          value={draft.zip}
          onChange={set("zip")}
          error={fieldError("zip")}
          autoComplete="postal-code"
          maxLength={LOCATION_LIMITS.zip}
        />
      </div>
      {replaceable.length > 0 ? (
        <SelectField
          label={`Does this replace ${you ? "one of your places" : "a current place"}?`}
          value={draft.replaces}
          onChange={set("replaces")}
          options={[
            { value: "", label: "No, keep the others" },
            ...replaceable.map((l) => ({
              value: l.id,
              label: `Yes, replaces ${l.label ? `${l.label}: ` : ""}${formatAddress(l)}`,
            })),
          ]}
          error={fieldError("replaces")}
        />
      ) : null}
      <FormActions label={editing ? "Save changes" : "Save location"} busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** Ending a home or a video-sessions place: the last day the client is there. */
export function EndLocationForm({
  clientId,
  location,
  who,
  onSaved,
  onCancel,
}: {
  clientId: string;
  location: ClientLocation;
  who: "provider" | "client";
  onSaved: (location: SavedLocation) => void;
  onCancel: () => void;
}) {
  const [endsOn, setEndsOn] = useState(location.endsOn ?? todayIso());
  const [error, setError] = useState<ApiError>();
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (!endsOn) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    api.editLocation(clientId, location.id, { endsOn }).then(
      (saved) => {
        setBusy(false);
        notifyChanged();
        onSaved(saved);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  const label =
    location.kind === "home" ? (who === "client" ? "I moved out on…" : "Moved out on…") : "Last day there";
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={["endsOn"]} />
      <p>
        {locationName(location)} <span className="muted">· {formatAddress(location)}</span>
      </p>
      <TextField
        label={label}
        type="date"
        value={endsOn}
        onChange={(v) => {
          setEndsOn(v);
          setMissing(false);
        }}
        hint="From the next day on, this place is no longer used for sessions. Nothing is deleted."
        error={missing ? "choose the last day" : error?.field("endsOn")}
        required
      />
      <FormActions label="End location" busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** Asking before a delete; the answer says whether it was deleted or archived. */
export function DeleteLocation({
  clientId,
  location,
  onDone,
  onCancel,
}: {
  clientId: string;
  location: ClientLocation;
  onDone: (removed: RemovedLocation) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const remove = () => {
    setBusy(true);
    setError(undefined);
    api.removeLocation(clientId, location.id).then(
      (removed) => {
        setBusy(false);
        notifyChanged();
        onDone(removed);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  return (
    <div className="form">
      <FormError error={error} />
      <p>
        <strong>{locationName(location)}</strong> <span className="muted">· {formatAddress(location)}</span>
      </p>
      <p>
        If no confirmed session took place there, it will be deleted. If one did, it will be archived instead:
        kept in the history, and no longer used for new sessions.
      </p>
      <div className="form__actions">
        <button type="button" className="button button--danger" onClick={remove} disabled={busy}>
          {busy ? "Deleting…" : "Delete location"}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

type Action = { kind: "edit" | "end" | "delete"; location: ClientLocation };

/**
 * The client's places with Edit, End and Delete on each (archived places: none). `onChanged` gets
 * what was done, for the page's notice, and is the page's cue to load the client again.
 */
export function PlacesList({
  client,
  who,
  onChanged,
}: {
  client: ClientDetail;
  who: "provider" | "client";
  onChanged: (change: LocationChange) => void;
}) {
  const [action, setAction] = useState<Action>();
  const today = todayIso();
  const close = () => {
    setAction(undefined);
  };
  if (client.locations.length === 0) {
    return (
      <Empty>
        {who === "client"
          ? "No places yet. Add your home first."
          : "No locations on file: add where the client lives or will be."}
      </Empty>
    );
  }
  return (
    <>
      <ul className="location-list">
        {client.locations.map((l) => {
          const name = locationName(l);
          const past = l.endsOn !== null && l.endsOn < today;
          const archived = l.archivedAt !== null;
          return (
            <li
              key={l.id}
              className={`location${past || archived ? " location--past" : ""}`}
              data-location={l.id}
              data-kind={l.kind}
            >
              <div className="location__main">
                <p className="location__name">
                  {name}
                  <span className="tag">{LOCATION_KIND_NAMES[l.kind]}</span>
                  {l.id === client.currentLocation?.id ? (
                    <span className="tag tag--strong">
                      {who === "client" ? "Where we expect you today" : "Today"}
                    </span>
                  ) : null}
                  {archived ? <span className="tag">Archived</span> : null}
                </p>
                <p className="location__address">{formatAddress(l)}</p>
              </div>
              <div className="location__side">
                {l.kind === "temporary" ? (
                  <p className="location__dates">
                    {formatDate(l.startsOn)} – {formatDate(l.endsOn)}
                    {past ? <span className="block small location__past">Past trip</span> : null}
                  </p>
                ) : l.endsOn ? (
                  <p className="location__dates">
                    {past ? "Ended" : "Until"} {formatDate(l.endsOn)}
                  </p>
                ) : null}
                {archived ? null : (
                  <div className="location__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setAction({ kind: "edit", location: l });
                      }}
                    >
                      Edit<span className="visually-hidden"> {name}</span>
                    </button>
                    {l.kind !== "temporary" && !past ? (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          setAction({ kind: "end", location: l });
                        }}
                      >
                        End<span className="visually-hidden"> {name}</span>
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="button button--small button--danger-quiet"
                      onClick={() => {
                        setAction({ kind: "delete", location: l });
                      }}
                    >
                      Delete<span className="visually-hidden"> {name}</span>
                    </button>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {action?.kind === "edit" ? (
        <Dialog title={`Edit ${locationName(action.location)}`} onClose={close}>
          <LocationForm
            clientId={client.id}
            who={who}
            current={client.locations}
            editing={action.location}
            onCancel={close}
            onSaved={(saved) => {
              close();
              onChanged(savedChange(saved, "Saved the changes to"));
            }}
          />
        </Dialog>
      ) : null}
      {action?.kind === "end" ? (
        <Dialog title={`End ${locationName(action.location)}`} onClose={close}>
          <EndLocationForm
            clientId={client.id}
            location={action.location}
            who={who}
            onCancel={close}
            onSaved={(saved) => {
              close();
              onChanged({
                message: `${locationName(saved)} ends on ${formatDate(saved.endsOn)}.`,
                atRisk: saved.atRisk,
              });
            }}
          />
        </Dialog>
      ) : null}
      {action?.kind === "delete" ? (
        <Dialog title={`Delete ${locationName(action.location)}?`} onClose={close}>
          <DeleteLocation
            clientId={client.id}
            location={action.location}
            onCancel={close}
            onDone={(removed) => {
              close();
              onChanged({
                message: removedMessage(removed.outcome, removed.location),
                atRisk: removed.atRisk,
              });
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}

/** "Saved the changes to Dorm." (+ the old address kept, when a session used it). */
export function savedChange(saved: SavedLocation, what: string): LocationChange {
  const replaced = saved.replaced ? ` ${REPLACED_MESSAGE}` : "";
  return { message: `${what} ${locationName(saved)}.${replaced}`, atRisk: saved.atRisk };
}
