import { useEffect, useRef, useState } from 'react';
import type { NodeKind } from '../../../engine/graph/types.js';
import { useController, useGraph, useUi } from '../app/hooks.js';
import { categoryClass } from '../canvas/category.js';
import { Icon } from '../ui/icons.js';
import { bestMatch, paletteGroups } from './palette-items.js';
import { usePaletteDrag } from './use-palette-drag.js';

/** Every layer kind by category. Drag onto the canvas, click to add after the selection, or search and press Enter. */
export function Palette() {
  const controller = useController();
  const readOnly = useGraph((s) => s.readOnly);
  const focusRequest = useUi((s) => s.paletteFocusRequest);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const { ghost, onPointerDown, consumeDrag } = usePaletteDrag();
  const groups = paletteGroups(query);

  useEffect(() => {
    if (focusRequest > 0) search.current?.focus();
  }, [focusRequest]);

  const add = (kind: NodeKind) => {
    controller.graph.getState().appendLayer(kind);
  };

  return (
    <aside className="palette" aria-label="Layer palette">
      <div className="palette-search">
        <Icon name="search" />
        <input
          ref={search}
          type="search"
          placeholder="Search layers…"
          aria-label="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              const match = bestMatch(query);
              if (match && !readOnly) { add(match.kind); setQuery(''); }
            } else if (e.key === 'Escape') {
              setQuery('');
              search.current?.blur();
            }
          }}
        />
      </div>
      <div className="palette-groups">
        {groups.map((group) => (
          <section key={group.category} className="palette-group" aria-label={group.category}>
            <h3>{group.category}</h3>
            <ul>
              {group.items.map((item) => (
                <li key={item.kind}>
                  <button
                    type="button"
                    className={`palette-item ${categoryClass(item.category)}`}
                    aria-label={item.name}
                    title={`${item.description}\nDrag onto the canvas, or click to add after the selected layer.`}
                    disabled={readOnly}
                    onPointerDown={(e) => onPointerDown(e, item.kind, item.name)}
                    onClick={() => { if (!consumeDrag()) add(item.kind); }}
                  >
                    <span className="swatch" aria-hidden="true" />
                    <span className="palette-item-name">{item.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="muted palette-empty">No layer matches “{query}”.</p>}
      </div>
      {ghost && (
        <div className={`drag-ghost ${ghost.overCanvas ? 'over' : ''}`} style={{ left: ghost.x, top: ghost.y }} aria-hidden="true">
          {ghost.name}
        </div>
      )}
    </aside>
  );
}
