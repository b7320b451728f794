import { useEffect, useId, useState } from 'react';

type Props = {
  label: string;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  unit?: string;
  help?: string;
  placeholder?: string;
  disabled?: boolean;
} & (
  | { optional: true; value: number | null; onChange(value: number | null): void }
  | { optional?: false; value: number; onChange(value: number): void }
);

/** A number input that applies valid values as they are typed and says why others are not applied. */
export function NumberSetting(props: Props) {
  const id = useId();
  const { label, min, max, step, integer, unit, help, placeholder, disabled, value } = props;
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => { setDraft(value === null ? '' : String(value)); }, [value]);

  const check = (text: string): { ok: true; value: number | null } | { ok: false; problem: string } => {
    if (text.trim() === '') return props.optional ? { ok: true, value: null } : { ok: false, problem: `Enter a number from ${min} to ${max}.` };
    const n = Number(text);
    if (Number.isNaN(n)) return { ok: false, problem: 'Not a number.' };
    if (integer && !Number.isInteger(n)) return { ok: false, problem: 'Use a whole number.' };
    if (n < min || n > max) return { ok: false, problem: `Use ${min} to ${max}.` };
    return { ok: true, value: n };
  };
  const result = check(draft);

  return (
    <div className={result.ok ? 'field' : 'field invalid'}>
      <label htmlFor={id} className="field-label">{label}</label>
      <div className="field-number">
        <input id={id} type="number" min={min} max={max} step={step} value={draft} placeholder={placeholder} disabled={disabled}
          aria-invalid={result.ok ? undefined : true}
          onChange={(e) => {
            setDraft(e.target.value);
            const next = check(e.target.value);
            if (!next.ok) return;
            if (props.optional) props.onChange(next.value);
            else if (next.value !== null) props.onChange(next.value);
          }}
          onBlur={() => setDraft(value === null ? '' : String(value))} />
        {unit && <span className="unit">{unit}</span>}
      </div>
      {!result.ok ? <p className="field-error" role="alert">{result.problem}</p> : help ? <p className="field-help">{help}</p> : null}
    </div>
  );
}
