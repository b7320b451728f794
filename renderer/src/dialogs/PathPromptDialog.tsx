import { useState } from 'react';
import { useController, useUi } from '../app/hooks.js';
import { Modal } from './Modal.js';

/** Browser mode's stand-in for a native file dialog: a path on the engine's machine. */
export function PathPromptDialog() {
  const controller = useController();
  const prompt = useUi((s) => s.pathPrompt);
  if (!prompt) return null;
  return <PathForm key={`${prompt.title}:${prompt.initial}`} initial={prompt.initial} title={prompt.title} label={prompt.label} hint={prompt.hint}
    confirmLabel={prompt.confirmLabel} onAnswer={(v) => controller.ui.getState().answerPath(v)} />;
}

function PathForm(props: { initial: string; title: string; label: string; hint?: string; confirmLabel: string; onAnswer(value: string | null): void }) {
  const [value, setValue] = useState(props.initial);
  const submit = () => { if (value.trim()) props.onAnswer(value.trim()); };
  return (
    <Modal title={props.title} onClose={() => props.onAnswer(null)} footer={(
      <>
        <button type="button" className="btn" onClick={() => props.onAnswer(null)}>Cancel</button>
        <button type="button" className="btn primary" disabled={!value.trim()} onClick={submit}>{props.confirmLabel}</button>
      </>
    )}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <label className="field">
          <span className="field-label">{props.label}</span>
          <input type="text" className="mono" value={value} spellCheck={false} onChange={(e) => setValue(e.target.value)} aria-label={props.label} />
        </label>
        {props.hint && <p className="field-help">{props.hint}</p>}
      </form>
    </Modal>
  );
}
