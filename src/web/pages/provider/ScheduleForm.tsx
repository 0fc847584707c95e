/**
 * Scheduling a session: client, date and time in a time zone, length, video or in person, CPT
 * code, and the crisis checkbox, with the verdict before saving (the server's preview,
 * `POST /sessions/preview`: billable by which route and to whom, or at risk with the reason, the
 * fix and the options). Saving stays possible either way: a provider may book and fix it later.
 * A crisis is not planned, so it may be recorded after the fact: the app then goes straight on to
 * confirming it (documentation and exact address).
 */
import { useId, useMemo, useRef, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api, type ScheduleInput } from "../../api/endpoints";
import type { ClientSummary, Modality, Provider, SchedulePreview, Session } from "../../api/types";
import { OutlookView, PreviewProblems } from "../../components/DecisionView";
import { Checkbox, FormError, SelectField, TextField } from "../../components/Field";
import { Notice, FormActions } from "../../components/ui";
import {
  dateTimeFormat,
  formatAddress,
  formatDate,
  formatInstant,
  isPast,
  newKey,
  todayIso,
  viewerZone,
} from "../../lib/format";
import { notifyChanged } from "../../lib/changes";
import { Link } from "../../lib/router";
import { usePreview, type Preview } from "../../lib/usePreview";

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
  const parts = dateTimeFormat("en-US", {
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
  const zone = viewerZone();
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

  // A complete date and time become an instant with its offset; anything else goes as typed (the
  // API names the field at fault).
  const whenComplete = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time);
  /** The request as it stands: what the preview asks about and what saving sends. */
  const body: ScheduleInput = useMemo(
    () => ({
      clientId,
      startsAt: whenComplete ? zonedIso(date, time, timeZone) : `${date}T${time}`,
      timeZone,
      durationMinutes: Number(duration),
      modality,
      cptCode: crisis ? "90839" : cptCode,
      crisis,
      practiceLocationId: modality === "in_person" ? practiceLocationId || null : null,
    }),
    [clientId, whenComplete, date, time, timeZone, duration, modality, cptCode, crisis, practiceLocationId],
  );
  const preview = usePreview(clientId && whenComplete ? body : undefined, (b) => api.previewSchedule(b));
  const form = useRef<HTMLFormElement>(null);
  const client = clients.find((c) => c.id === clientId);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api.schedule(body, newKey()).then(
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
    <form ref={form} onSubmit={submit} noValidate className="form">
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
      <ScheduleVerdict
        preview={preview}
        telehealth={modality === "telehealth"}
        startsAt={whenComplete ? body.startsAt : undefined}
        timeZone={timeZone}
        clientId={clientId}
        clientName={client?.name}
        crisis={crisis}
        onOtherDate={() => {
          form.current?.querySelector<HTMLInputElement>('input[type="date"]')?.focus();
        }}
      />
      <FormActions label={crisis ? "Record crisis session" : "Schedule"} busy={busy} onCancel={onCancel} />
    </form>
  );
}

/**
 * The verdict for the session as entered, before it is saved: when it would start (in the
 * viewer's time zone), billable by which route and to whom, or at risk with the reason, the fix
 * and the options. Announced politely as it changes.
 */
function ScheduleVerdict({
  preview,
  telehealth,
  startsAt,
  timeZone,
  clientId,
  clientName,
  crisis,
  onOtherDate,
}: {
  preview: Preview<SchedulePreview>;
  telehealth: boolean;
  startsAt: string | undefined;
  timeZone: string;
  clientId: string;
  clientName: string | undefined;
  crisis: boolean;
  onOtherDate: () => void;
}) {
  const { data, error, pending } = preview;
  const titleId = useId();
  return (
    <section className="preview schedule-verdict" aria-labelledby={titleId} aria-busy={pending}>
      <h3 className="small-heading" id={titleId}>
        Can it be billed?
      </h3>
      {startsAt ? (
        <p className="small">
          {isPast(startsAt) ? "Started" : "Starts"} {formatInstant(startsAt)}
          {timeZone === viewerZone()
            ? ""
            : ` (your time; ${formatInstant(startsAt, timeZone)} in the session's time zone)`}
        </p>
      ) : null}
      <div aria-live="polite">
        {!clientId ? (
          <p className="muted">Choose a client to see whether the session can be billed.</p>
        ) : !startsAt ? (
          <p className="muted">Enter the date and start time to see whether the session can be billed.</p>
        ) : error ? (
          <PreviewProblems error={error} lead="Not checked yet:" />
        ) : data ? (
          <VerdictBody
            preview={data}
            telehealth={telehealth}
            past={isPast(startsAt)}
            clientId={clientId}
            clientName={clientName}
            crisis={crisis}
            onOtherDate={onOtherDate}
          />
        ) : null}
      </div>
      {pending ? <p className="small muted preview__pending">Checking…</p> : null}
    </section>
  );
}

function VerdictBody({
  preview,
  telehealth,
  past,
  clientId,
  clientName,
  crisis,
  onOtherDate,
}: {
  preview: SchedulePreview;
  telehealth: boolean;
  past: boolean;
  clientId: string;
  clientName: string | undefined;
  crisis: boolean;
  onOtherDate: () => void;
}) {
  const { outlook, serviceDate } = preview;
  const billingHref = `/clients/${encodeURIComponent(clientId)}?date=${serviceDate}`;
  return (
    <OutlookView
      outlook={outlook}
      past={past}
      title="The verdict for this session"
      showCrisis={false}
      whereLead={telehealth ? "Where the client is expected that day:" : "Where the session takes place:"}
    >
      {outlook.billable ? null : (
        <div className="decision__list options">
          <p>
            <strong>Your options</strong>
          </p>
          <ul>
            <li>
              <button type="button" className="linklike" onClick={onOtherDate}>
                Choose another date
              </button>{" "}
              when {clientName ?? "the client"} can be seen.
            </li>
            {outlook.crisisBillable && !crisis ? (
              <li>
                Crisis only: a documented crisis session there would be billable by exception (tick
                &ldquo;Crisis session&rdquo;).
              </li>
            ) : null}
            <li>
              <Link to={billingHref}>
                See {clientName ? `${clientName}'s` : "the client's"} billing method on{" "}
                {formatDate(serviceDate)}
              </Link>
            </li>
          </ul>
          <p className="small muted">You can still schedule it now and fix this before the session.</p>
        </div>
      )}
    </OutlookView>
  );
}
