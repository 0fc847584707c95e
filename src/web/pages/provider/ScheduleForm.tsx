/**
 * Scheduling a session: client, date and time in a time zone, length, video or in person, CPT
 * code, and the crisis checkbox. A crisis is not planned, so it may be recorded after the fact:
 * the app then goes straight on to confirming it (documentation and exact address).
 */
import { useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { ClientSummary, Modality, Provider, Session } from "../../api/types";
import { Checkbox, FormError, SelectField, TextField } from "../../components/Field";
import { Notice, FormActions } from "../../components/ui";
import { formatAddress, newKey, todayIso } from "../../lib/format";
import { notifyChanged } from "../../lib/changes";

export const TIME_ZONES = [
  ["America/New_York", "Eastern"],
  ["America/Chicago", "Central"],
  ["America/Denver", "Mountain"],
  ["America/Phoenix", "Arizona"],
  ["America/Los_Angeles", "Pacific"],
  ["America/Anchorage", "Alaska"],
  ["Pacific/Honolulu", "Hawaii"],
  ["America/Puerto_Rico", "Atlantic (Puerto Rico)"],
] as const;

const CPT = [
  ["90837", "90837 · psychotherapy, 60 min"],
  ["90834", "90834 · psychotherapy, 45 min"],
  ["90832", "90832 · psychotherapy, 30 min"],
  ["90791", "90791 · diagnostic evaluation"],
  ["90847", "90847 · family psychotherapy"],
] as const;

/** Minutes east of UTC of `timeZone` at `instant`. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((asUtc - instant) / 60_000);
}

/** A wall-clock date and time in a zone as ISO 8601 with its offset: `2026-07-01T10:00:00-04:00`. */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let offset = offsetMinutes(wall, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${date}T${time}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return TIME_ZONES.some(([z]) => z === zone) ? zone : "America/New_York";
}

const SHOWN = [
  "clientId",
  "startsAt",
  "timeZone",
  "durationMinutes",
  "modality",
  "cptCode",
  "crisis",
  "practiceLocationId",
];

export function ScheduleForm({
  clients,
  provider,
  initialClient,
  onScheduled,
  onCancel,
}: {
  clients: readonly ClientSummary[];
  provider: Provider;
  initialClient?: string;
  onScheduled: (session: Session) => void;
  onCancel: () => void;
}) {
  const [clientId, setClientId] = useState(initialClient ?? "");
  const [date, setDate] = useState(todayIso());
  const [time, setTime] = useState("10:00");
  const [timeZone, setTimeZone] = useState(browserZone());
  const [duration, setDuration] = useState("60");
  const [modality, setModality] = useState<Modality>("telehealth");
  const [practiceLocationId, setPractice] = useState(provider.practiceLocations[0]?.id ?? "");
  const [cptCode, setCpt] = useState("90837");
  const [crisis, setCrisis] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api
      .schedule(
        {
          clientId,
          startsAt: zonedIso(date, time, timeZone),
          timeZone,
          durationMinutes: Number(duration),
          modality,
          cptCode: crisis ? "90839" : cptCode,
          crisis,
          practiceLocationId: modality === "in_person" ? practiceLocationId || null : null,
        },
        newKey(),
      )
      .then(
        (s) => {
          setBusy(false);
          notifyChanged();
          onScheduled(s);
        },
        (err: unknown) => {
          setBusy(false);
          setError(asApiError(err));
        },
      );
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={SHOWN} />
      <SelectField
        label="Client"
        value={clientId}
        onChange={setClientId}
        placeholder="Choose a client…"
        options={clients.map((c) => ({ value: c.id, label: c.name }))}
        error={error?.field("clientId")}
        required
      />
      <div className="form__row">
        <TextField
          label="Date"
          type="date"
          value={date}
          onChange={setDate}
          error={error?.field("startsAt")}
          required
        />
        <TextField label="Start time" type="time" value={time} onChange={setTime} required />
        <SelectField
          label="Time zone"
          value={timeZone}
          onChange={setTimeZone}
          options={TIME_ZONES.map(([z, name]) => ({ value: z, label: name }))}
          error={error?.field("timeZone")}
        />
      </div>
      <fieldset className="choices choices--inline">
        <legend>How</legend>
        {(
          [
            ["telehealth", "By video"],
            ["in_person", "In person"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="modality"
              value={value}
              checked={modality === value}
              onChange={() => {
                setModality(value);
              }}
            />
            <span className="choice__title">{label}</span>
          </label>
        ))}
      </fieldset>
      {modality === "in_person" ? (
        <SelectField
          label="Practice location"
          value={practiceLocationId}
          onChange={setPractice}
          options={provider.practiceLocations.map((p) => ({
            value: p.id,
            label: `${p.label}, ${formatAddress(p)}`,
          }))}
          error={error?.field("practiceLocationId")}
        />
      ) : null}
      <Checkbox
        label="Crisis session"
        hint="Billed as crisis psychotherapy (90839) from 30 minutes; a shorter crisis (16–29 minutes) as psychotherapy (90832). It can be recorded after it happened; confirming it asks for the crisis documentation and the exact address where the client was."
        checked={crisis}
        onChange={(c) => {
          setCrisis(c);
          if (c && Number(duration) < 30) setDuration("60");
        }}
        error={error?.field("crisis")}
      />
      <div className="form__row">
        <TextField
          label="Length (minutes)"
          type="number"
          min={1}
          max={600}
          value={duration}
          onChange={setDuration}
          error={error?.field("durationMinutes")}
          required
        />
        {crisis ? (
          <TextField
            label="CPT code"
            value="90839 (+90840)"
            onChange={() => undefined}
            readOnly
            hint="Set by the length."
          />
        ) : (
          <SelectField
            label="CPT code"
            value={cptCode}
            onChange={setCpt}
            options={CPT.map(([code, label]) => ({ value: code, label }))}
            error={error?.field("cptCode")}
          />
        )}
      </div>
      {crisis ? (
        <Notice tone="info">
          A crisis can be billed by exception even where you could not normally see this client, if you are
          credentialed with their plan somewhere.
        </Notice>
      ) : null}
      <FormActions label={crisis ? "Record crisis session" : "Schedule"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
