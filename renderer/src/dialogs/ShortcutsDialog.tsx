import { useController } from '../app/hooks.js';
import { COMMANDS } from '../commands/commands.js';
import { formatBinding } from '../commands/keys.js';
import { Modal } from './Modal.js';

/** Every command with its keys, grouped as in the menus: the same list the keys are read from. */
export function ShortcutsDialog() {
  const controller = useController();
  const menus = [...new Set(COMMANDS.map((c) => c.menu))];
  return (
    <Modal title="Keyboard shortcuts" onClose={() => controller.ui.getState().openDialog(null)} wide>
      <div className="shortcut-columns">
        {menus.map((menu) => (
          <section key={menu}>
            <h3 className="section-title">{menu}</h3>
            <dl className="shortcut-list">
              {COMMANDS.filter((c) => c.menu === menu && c.keys.length > 0).map((c) => (
                <div key={c.id}><dt>{c.label}</dt><dd>{c.keys.slice(0, 2).map((k) => <kbd key={k}>{formatBinding(k, controller.isMac)}</kbd>)}</dd></div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
