/**
 * Form controls with their label, hint and error bound together: the error sits under the field
 * it concerns, is announced, and marks the control aria-invalid. After a refused submit every
 * field's error shows at once and focus moves to the first field in error (`FormError` does it
 * for every form that shows one; `focusFirstInvalid` for a form's own checks).
 */
import {
  useEffect,
  useId,
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
} from "react";
import { fieldLabel, type ApiError } from "../api/client";

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
  /** The most characters the API takes for this field (`src/contract/limits.ts`): typing stops there. */
  readonly maxLength?: number | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "className" | "maxLength">) {
  const generated = useId();
  const id = input.id ?? generated;
  return (
    <Wrapper id={id} label={label} hint={hint} error={error} className={className}>
      <input
        {...input}
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
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
  maxLength,
}: Common & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
  readonly required?: boolean;
  /** The most characters the API takes for this field: the browser stops typing there. */
  readonly maxLength?: number | undefined;
}) {
  const id = useId();
  return (
    <Wrapper id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={id}
        rows={rows}
        value={value}
        required={required}
        maxLength={maxLength}
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
        aria-invalid={error ? true : undefined}
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

const INVALID = '[aria-invalid="true"]:not([disabled])';

/**
 * Moves focus to the first control marked invalid inside `scope` (in document order, so the
 * topmost field in error), or to `fallback` when none is. Returns what took focus. For forms
 * with checks of their own; `FormError` calls it after every refused submit.
 */
export function focusFirstInvalid(
  scope: ParentNode | null | undefined,
  fallback?: HTMLElement | null,
): HTMLElement | undefined {
  const target = scope?.querySelector<HTMLElement>(INVALID) ?? fallback ?? undefined;
  target?.focus();
  return target;
}

/**
 * The part of an API error no field on the form shows: its detail, and messages for paths the
 * form does not render (`shown` lists the paths it does). Each new error moves focus into the
 * form: to the first field in error, else to this notice — never to the top of the page.
 */
export function FormError({ error, shown = [] }: { error: ApiError | undefined; shown?: readonly string[] }) {
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = notice.current;
    if (!error || !box) return;
    focusFirstInvalid(box.closest("form") ?? box.parentElement, box);
  }, [error]);
  if (!error) return null;
  const onFields = error.errors.filter((e) => shown.includes(e.path));
  const others = error.errors.filter((e) => !shown.includes(e.path));
  if (onFields.length > 0 && others.length === 0) {
    const count = new Set(onFields.map((e) => e.path)).size;
    return (
      <div ref={notice} className="notice notice--bad form-error" role="alert" tabIndex={-1}>
        <p>
          {count === 1
            ? "Please correct the field marked below."
            : `Please correct the ${count} fields marked below.`}
        </p>
      </div>
    );
  }
  return (
    <div ref={notice} className="notice notice--bad form-error" role="alert" tabIndex={-1}>
      <p>
        <strong>{error.title}.</strong> {others.length === 0 ? capitalise(error.message) : null}
      </p>
      {others.length > 0 ? (
        <ul>
          {others.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              {e.path ? <strong>{fieldLabel(e.path)}: </strong> : null}
              {capitalise(e.message)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
