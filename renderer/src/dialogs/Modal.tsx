import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from '../ui/icons.js';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}

/** A modal dialog: labelled, closes on Escape or backdrop, and takes focus so keys go to it. */
export function Modal({ title, onClose, children, footer, wide }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, [data-autofocus]');
    (first ?? box.current)?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div ref={box} className={wide ? 'modal wide' : 'modal'} role="dialog" aria-modal="true" aria-labelledby={id} tabIndex={-1}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
        <header className="modal-head">
          <h2 id={id}>{title}</h2>
          <button type="button" className="btn icon ghost" aria-label="Close" onClick={onClose}><Icon name="close" /></button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-foot">{footer}</footer>}
      </div>
    </div>
  );
}
