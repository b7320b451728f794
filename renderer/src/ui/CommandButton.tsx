import { useController, useEnabledCommands } from '../app/hooks.js';
import { commandTitle, findCommand } from '../commands/commands.js';
import { Icon, type IconName } from './icons.js';

interface Props {
  id: string;
  icon?: IconName;
  className?: string;
  /** Show the label next to the icon; otherwise it is the accessible name and tooltip only. */
  showLabel?: boolean;
  label?: string;
}

/** A button for a registered command: its label, shortcut tooltip and enabled state come from the list. */
export function CommandButton({ id, icon, className = 'btn icon', showLabel = false, label }: Props) {
  const controller = useController();
  const enabled = useEnabledCommands();
  const command = findCommand(id);
  if (!command) throw new Error(`No command '${id}'.`);
  return (
    <button type="button" className={className} aria-label={command.label} title={commandTitle(command, controller.isMac)}
      disabled={!enabled.has(id)} onClick={() => controller.run(id)}>
      {icon && <Icon name={icon} />}
      {showLabel && <span>{label ?? command.label}</span>}
    </button>
  );
}
