/**
 * Form controls with their label, hint and error bound together: the error sits under the field
 * it concerns, is announced, and marks the control aria-invalid.
 */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import type { ApiError } from "../api/client";

interface Common {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly className?: string;
}

function Wrapper({
  id,
  label,
  hint,
  error,
  className,
  children,
}: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {capitalise(error)}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

export function TextField({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  ...input
}: Common & {
  readonly value: string;
  readonly onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "className">) {
  const id = useId();
  return (
    <Wrapper id={input.id ?? id} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        {...input}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(input.id ?? id, hint, error)}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </Wrapper>
  );
}

export function TextArea({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  rows = 4,
  required,
}: Common & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
  readonly required?: boolean;
}) {
  const id = useId();
  return (
    <Wrapper id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={id}
        rows={rows}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </Wrapper>
  );
}

export function SelectField<T extends string>({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  options,
  placeholder,
  ...select
}: Common & {
  readonly value: T | "";
  readonly onChange: (value: T) => void;
  readonly options: readonly { value: T; label: string }[];
  readonly placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange" | "className">) {
  const id = useId();
  return (
    <Wrapper id={id} label={label} hint={hint} error={error} className={className}>
      <select
        id={id}
        {...select}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          onChange(e.target.value as T);
        }}
      >
        {placeholder !== undefined ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function Checkbox({
  label,
  hint,
  checked,
  onChange,
  error,
}: {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={`field field--check${error ? " field--invalid" : ""}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="field__error" id={`${id}-error`} role="alert">
            {capitalise(error)}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The part of an API error no field on the form shows: its detail, and messages for paths the
 * form does not render (`shown` lists the paths it does).
 */
export function FormError({ error, shown = [] }: { error: ApiError | undefined; shown?: readonly string[] }) {
  if (!error) return null;
  const onFields = error.errors.filter((e) => shown.includes(e.path));
  const others = error.errors.filter((e) => !shown.includes(e.path));
  if (onFields.length > 0 && others.length === 0) {
    return (
      <p className="notice notice--bad" role="alert">
        Please correct the {onFields.length === 1 ? "field" : "fields"} marked below.
      </p>
    );
  }
  return (
    <div className="notice notice--bad" role="alert">
      <p>
        <strong>{error.title}.</strong> {others.length === 0 ? capitalise(error.message) : null}
      </p>
      {others.length > 0 ? (
        <ul>
          {others.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              {e.path ? <code>{e.path}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
