import { useController } from '../app/hooks.js';
import { Icon } from '../ui/icons.js';

/** What a new project shows: the two ways to start, so nobody faces a blank grid. */
export function EmptyCanvas() {
  const controller = useController();
  return (
    <div className="empty-canvas">
      <div className="empty-card">
        <h2>Start a model</h2>
        <p>Drag layers from the palette onto the canvas and connect their handles, or begin from a proven architecture.</p>
        <div className="empty-actions">
          <button type="button" className="btn primary" onClick={() => controller.showTemplates()}>
            <Icon name="grid" /> Browse templates
          </button>
          <button type="button" className="btn" onClick={() => controller.focusPalette()}>
            <Icon name="search" /> Search layers
          </button>
        </div>
      </div>
    </div>
  );
}
