import { useEffect, useRef, useState } from 'react';
import { useController, useEnabledCommands } from '../app/hooks.js';
import { COMMANDS, type MenuName } from '../commands/commands.js';
import { formatBinding } from '../commands/keys.js';

const MENUS: MenuName[] = ['File', 'Edit', 'View', 'Model', 'Run', 'Help'];

/** The in-page menus (browser mode), built from the same command list as the toolbar and keys. */
export function MenuBar() {
  const controller = useController();
  const enabled = useEnabledCommands();
  const [open, setOpen] = useState<MenuName | null>(null);
  const bar = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => { if (!bar.current?.contains(e.target as Node)) setOpen(null); };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  return (
    <nav ref={bar} className="menubar" aria-label="Menu" onKeyDown={(e) => { if (e.key === 'Escape') setOpen(null); }}>
      {MENUS.map((menu) => (
        <div key={menu} className="menu">
          <button type="button" className={open === menu ? 'menu-button open' : 'menu-button'} aria-haspopup="menu" aria-expanded={open === menu}
            onClick={() => setOpen(open === menu ? null : menu)} onPointerEnter={() => { if (open && open !== menu) setOpen(menu); }}>
            {menu}
          </button>
          {open === menu && (
            <ul className="menu-list" role="menu" aria-label={menu}>
              {COMMANDS.filter((c) => c.menu === menu).map((c) => (
                <li key={c.id} role="none">
                  <button type="button" role="menuitem" disabled={!enabled.has(c.id)} onClick={() => { setOpen(null); controller.run(c.id); }}>
                    <span>{c.label}</span>
                    {c.keys[0] && <kbd>{formatBinding(c.keys[0], controller.isMac)}</kbd>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </nav>
  );
}
