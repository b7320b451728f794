import { useEffect, useId, useState } from 'react';
import type { ParamValue } from '../../../engine/graph/types.js';
import { paramProblem } from '../../../engine/graph/params.js';
import type { ParamDef } from '../../../engine/layers/definition.js';

interface Props {
  def: ParamDef;
  value: ParamValue;
  disabled: boolean;
  onChange(value: ParamValue): void;
}

/**
 * One field, built from the param's definition. Numbers are checked as they are typed: a value
 * that parses is applied at once (the canvas shows its effect), one that does not stays local.
 */
export function ParamField({ def, value, disabled, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => { setDraft(String(value)); }, [value]);

  let control;
  let problem: string | null = null;
  if (def.type === 'int' || def.type === 'float') {
    const parsed = draft.trim() === '' ? NaN : Number(draft);
    const issue = Number.isNaN(parsed) ? { message: `Enter a number from ${def.min} to ${def.max}.` } : paramProblem(def, parsed);
    problem = issue ? issue.message : null;
    control = (
      <div className="field-number">
        <input
          id={id} type="number" inputMode={def.type === 'int' ? 'numeric' : 'decimal'}
          min={def.min} max={def.max} step={def.type === 'int' ? 1 : def.step}
          value={draft} disabled={disabled} aria-invalid={problem ? true : undefined} aria-describedby={`${id}-help`}
          onChange={(e) => {
            setDraft(e.target.value);
            const next = Number(e.target.value);
            if (e.target.value.trim() !== '' && !Number.isNaN(next)) onChange(next);
          }}
          onBlur={() => setDraft(String(value))}
        />
        {def.type === 'int' && def.unit && <span className="unit">{def.unit}</span>}
      </div>
    );
  } else if (def.type === 'enum') {
    control = (
      <div className="segmented" role="radiogroup" aria-labelledby={`${id}-label`}>
        {def.options.map((option) => (
          <button key={option} type="button" role="radio" aria-checked={value === option} disabled={disabled}
            className={value === option ? 'active' : ''} onClick={() => onChange(option)}>{option}</button>
        ))}
      </div>
    );
  } else {
    control = (
      <label className="switch">
        <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        <span>{value ? 'On' : 'Off'}</span>
      </label>
    );
  }

  const range = def.type === 'int' || def.type === 'float' ? `${def.min}–${def.max}` : null;
  return (
    <div className={problem ? 'field invalid' : 'field'}>
      <label id={`${id}-label`} htmlFor={id} className="field-label">
        {def.label}
        {range && <span className="field-range">{range}</span>}
      </label>
      {control}
      {problem ? <p className="field-error" role="alert">{problem}</p> : <p id={`${id}-help`} className="field-help">{def.help}</p>}
    </div>
  );
}
