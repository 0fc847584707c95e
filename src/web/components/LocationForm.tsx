/**
 * Adding a place where a client will be: home, a trip with its dates, or where they take video
 * sessions. Used by providers (for a client) and by clients (for themselves); the wording
 * follows `who`. API errors appear next to their field.
 */
import { FormActions } from "./ui";
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../api/client";
import { api, type NewLocation } from "../api/endpoints";
import type { ClientLocation, LocationKind, StateCode } from "../api/types";
import { formatAddress, STATE_OPTIONS } from "../lib/format";
import { FormError, SelectField, TextField } from "./Field";
import { notifyChanged } from "../lib/changes";

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

export function LocationForm({
  clientId,
  who,
  current,
  onSaved,
  onCancel,
  defaultKind = "home",
}: {
  clientId: string;
  who: "provider" | "client";
  /** The client's current locations, to offer replacing one. */
  current: readonly ClientLocation[];
  onSaved: (location: ClientLocation) => void;
  onCancel?: () => void;
  defaultKind?: LocationKind;
}) {
  const [kind, setKind] = useState<LocationKind>(defaultKind);
  const [label, setLabel] = useState("");
  const [line1, setLine1] = useState("");
  const [line2, setLine2] = useState("");
  const [city, setCity] = useState("");
  const [state, setState] = useState<StateCode | "">("");
  const [zip, setZip] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [replaces, setReplaces] = useState("");
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const replaceable = current.filter((l) => l.kind === kind && kind !== "temporary");

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    // Checked by the API, which names each bad field (a missing state included).
    const body: NewLocation = {
      kind,
      label: label.trim() || null,
      line1: line1.trim() || null,
      line2: line2.trim() || null,
      city: city.trim() || null,
      state: state as StateCode,
      zip: zip.trim() || null,
      startsOn: kind === "temporary" ? startsOn || null : null,
      endsOn: kind === "temporary" ? endsOn || null : null,
      replaces: replaces || null,
    };
    setBusy(true);
    setError(undefined);
    api.addLocation(clientId, body).then(
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
      <SelectField<LocationKind>
        label="What kind of place"
        value={kind}
        onChange={(k) => {
          setKind(k);
          setReplaces("");
        }}
        options={(Object.keys(KIND_LABELS[who]) as LocationKind[]).map((k) => ({
          value: k,
          label: KIND_LABELS[who][k],
        }))}
        error={error?.field("kind")}
      />
      {kind === "temporary" ? (
        <div className="form__row">
          <TextField
            label="From"
            type="date"
            value={startsOn}
            onChange={setStartsOn}
            error={error?.field("startsOn")}
            required
          />
          <TextField
            label="Until"
            type="date"
            value={endsOn}
            onChange={setEndsOn}
            error={error?.field("endsOn")}
            required
          />
        </div>
      ) : null}
      <TextField
        label="Name for this place (optional)"
        hint={kind === "temporary" ? "For example: Spring break, Miami" : "For example: Dorm, Columbia"}
        value={label}
        onChange={setLabel}
        error={error?.field("label")}
        maxLength={100}
      />
      <TextField
        label="Street address (optional)"
        hint={you ? "Helps your provider in a crisis." : "Needed for crisis sessions."}
        value={line1}
        onChange={setLine1}
        error={error?.field("line1")}
        autoComplete="address-line1"
        maxLength={55}
      />
      <TextField
        label="Apartment, suite, floor (optional)"
        value={line2}
        onChange={setLine2}
        error={error?.field("line2")}
        autoComplete="address-line2"
        maxLength={55}
      />
      <div className="form__row form__row--address">
        <TextField
          label="City"
          value={city}
          onChange={setCity}
          error={error?.field("city")}
          autoComplete="address-level2"
          maxLength={30}
        />
        <SelectField<StateCode>
          label="State"
          value={state}
          onChange={setState}
          placeholder="Choose…"
          options={STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }))}
          error={error?.field("state")}
          required
        />
        <TextField
          label="ZIP code"
          hint="5 digits, or ZIP+4 such as 10027-1234. Some states have several Blue plans: the ZIP says which."
          value={zip}
          onChange={setZip}
          error={error?.field("zip")}
          autoComplete="postal-code"
          maxLength={10}
        />
      </div>
      {replaceable.length > 0 ? (
        <SelectField
          label={`Does this replace ${you ? "one of your places" : "a current place"}?`}
          value={replaces}
          onChange={setReplaces}
          options={[
            { value: "", label: "No, keep the others" },
            ...replaceable.map((l) => ({
              value: l.id,
              label: `Yes, replaces ${l.label ? `${l.label}: ` : ""}${formatAddress(l)}`,
            })),
          ]}
          error={error?.field("replaces")}
        />
      ) : null}
      <FormActions label="Save location" busy={busy} onCancel={onCancel} />
    </form>
  );
}
