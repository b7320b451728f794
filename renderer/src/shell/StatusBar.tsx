import { useConnectionState, useController, useGraph, useTraining } from '../app/hooks.js';
import { formatBytes } from '../../../engine/graph/memory.js';
import { formatCount } from '../canvas/category.js';
import { Icon } from '../ui/icons.js';

/** The model's vital signs, always visible: size, validity, where the engine runs. */
export function StatusBar() {
  const controller = useController();
  const totalParams = useGraph((s) => s.analysis.totalParams);
  const issues = useGraph((s) => s.analysis.issues.length);
  const layers = useGraph((s) => s.nodes.length);
  const backend = useTraining((s) => s.engineInfo?.backend);
  const memory = useGraph((s) => s.analysis.memory);
  const memoryIssue = useGraph((s) => [...s.analysis.issues, ...s.analysis.warnings].find((i) => i.code === 'memory'));
  const memoryRefused = useGraph((s) => s.analysis.issues.some((i) => i.code === 'memory'));
  const connection = useConnectionState();
  return (
    <footer className="statusbar">
      <span data-testid="total-params"><strong>{formatCount(totalParams)}</strong> parameters</span>
      <span>{layers} layer{layers === 1 ? '' : 's'}</span>
      {layers > 0 && (issues === 0
        ? <span className="ok-text" data-testid="graph-status"><Icon name="check" size={13} /> Valid</span>
        : <button type="button" className="link bad-text" data-testid="graph-status" onClick={() => controller.graph.getState().select([])}>
            <Icon name="alert" size={13} /> {issues} problem{issues === 1 ? '' : 's'}
          </button>)}
      {memory && (memoryIssue
        ? <button type="button" className={`link ${memoryRefused ? 'bad-text' : 'warn-text'}`} data-testid="memory-status" title={`${memoryIssue.message} ${memoryIssue.fix}`}
            onClick={() => controller.graph.getState().select(memoryIssue.nodeId ? [memoryIssue.nodeId] : [])}>
            <Icon name="alert" size={13} /> {memoryRefused ? 'Cannot fit' : 'Tight'}: ~{formatBytes(memory.totalBytes)} to train. {memoryIssue.fix}
          </button>
        : <span className="muted" data-testid="memory-status" title="Weights, optimizer state, gradients and activations at the batch size">~{formatBytes(memory.totalBytes)} to train</span>)}
      <span className="spacer" />
      {backend && (
        <span className="muted" title={`${backend.threads} thread${backend.threads === 1 ? '' : 's'}`}>
          Backend: {backend.name}{backend.nativeKernels ? ' + native kernels' : ''}
        </span>
      )}
      <span className={connection === 'closed' ? 'bad-text' : 'muted'} data-testid="connection">
        {controller.platform.label}{connection === 'closed' ? ' · disconnected' : connection === 'connecting' ? ' · connecting…' : ''}
      </span>
      <button type="button" className="link muted" onClick={() => controller.run('help.shortcuts')} title="Keyboard shortcuts (?)"><Icon name="keyboard" size={14} /> Shortcuts</button>
    </footer>
  );
}
