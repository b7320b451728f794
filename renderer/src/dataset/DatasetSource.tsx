import { useEffect, useState } from 'react';
import { inputShapeOf } from '../../../engine/layers/input.js';
import { useController, useGraph, useTraining } from '../app/hooks.js';
import { DatasetStatus } from '../training/DatasetStatus.js';
import { Icon } from '../ui/icons.js';
import { FolderDatasetView } from './FolderDatasetView.js';

/** Which images the project trains on: CIFAR-10, or a folder of the user's own (imported here). */
export function DatasetSource() {
  const controller = useController();
  const dataset = useGraph((s) => s.dataset);
  const readOnly = useGraph((s) => s.readOnly);
  const inputParams = useGraph((s) => s.nodes.find((n) => n.data.kind === 'input')?.data.params);
  const [height, width] = inputShapeOf(inputParams ?? {});
  const kind = dataset?.kind === 'folder' ? 'folder' : 'cifar10';
  const [folderMode, setFolderMode] = useState(kind === 'folder');
  const showFolder = folderMode || kind === 'folder';

  return (
    <>
      <section className="panel-section" aria-label="Dataset source">
        <div className="field">
          <span className="field-label" id="dataset-source-label">Dataset</span>
          <div className="segmented" role="radiogroup" aria-labelledby="dataset-source-label">
            <button type="button" role="radio" aria-checked={!showFolder} className={!showFolder ? 'active' : ''} disabled={readOnly}
              onClick={() => { setFolderMode(false); if (kind === 'folder') controller.useCifar10(); }}>CIFAR-10</button>
            <button type="button" role="radio" aria-checked={showFolder} className={showFolder ? 'active' : ''} disabled={readOnly}
              onClick={() => setFolderMode(true)}>Image folder</button>
          </div>
        </div>
      </section>
      {showFolder
        ? <FolderImport key={dataset?.kind === 'folder' ? dataset.path : ''} initial={{ path: dataset?.kind === 'folder' ? dataset.path : '', fit: dataset?.kind === 'folder' ? dataset.fit : 'crop', height, width }} />
        : <DatasetStatus />}
    </>
  );
}

function FolderImport({ initial }: { initial: { path: string; fit: 'crop' | 'pad'; height: number; width: number } }) {
  const controller = useController();
  const readOnly = useGraph((s) => s.readOnly);
  const importing = useTraining((s) => s.folderImporting);
  const progress = useTraining((s) => s.folderProgress);
  const error = useTraining((s) => s.folderError);
  const folder = useTraining((s) => s.folder);
  const [path, setPath] = useState(initial.path);
  const [fit, setFit] = useState(initial.fit);
  const [height, setHeight] = useState(initial.height);
  const [width, setWidth] = useState(initial.width);
  const share = progress && progress.total ? progress.done / progress.total : null;
  const sizeOk = [height, width].every((n) => Number.isInteger(n) && n >= 1 && n <= 1024);
  const disabled = readOnly || importing;
  // A project that trains on a folder shows it on opening: the engine's cache makes this quick.
  useEffect(() => {
    if (initial.path && !controller.training.getState().folder && !controller.training.getState().folderImporting) {
      void controller.importImageFolder({ path: initial.path, height: initial.height, width: initial.width, fit: initial.fit });
    }
  }, [controller, initial.path, initial.height, initial.width, initial.fit]);

  return (
    <section className="panel-section" aria-label="Image folder" data-testid="image-folder">
      <div className="section-head">
        <h3 className="section-title"><Icon name="database" /> Image folder</h3>
        {folder && folder.root === path && <span className="pill ok">Imported</span>}
      </div>
      <p className="muted small">One subfolder per class (PNG, JPEG, WebP, BMP), or train/ and test/ folders of that shape.</p>
      <div className="field">
        <label className="field-label" htmlFor="folder-path">Folder</label>
        <div className="input-with-button">
          <input id="folder-path" type="text" className="mono" value={path} spellCheck={false} disabled={disabled} onChange={(e) => setPath(e.target.value)} />
          <button type="button" className="btn small" disabled={disabled} onClick={() => { void controller.chooseImageFolder(path).then((p) => { if (p) setPath(p); }); }}>Choose…</button>
        </div>
      </div>
      <div className="field-grid">
        <div className="field">
          <label className="field-label" htmlFor="folder-height">Height</label>
          <input id="folder-height" type="number" min={1} max={1024} value={height} disabled={disabled} onChange={(e) => setHeight(Number(e.target.value))} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="folder-width">Width</label>
          <input id="folder-width" type="number" min={1} max={1024} value={width} disabled={disabled} onChange={(e) => setWidth(Number(e.target.value))} />
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="fit-label" title="When an image's shape differs from the Input's">Fit</span>
        <div className="segmented" role="radiogroup" aria-labelledby="fit-label">
          {(['crop', 'pad'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={fit === f} className={fit === f ? 'active' : ''} disabled={disabled} onClick={() => setFit(f)}
              title={f === 'crop' ? 'Resize to cover, cut the centre' : 'Resize to fit inside, black bars'}>{f === 'crop' ? 'Centre-crop' : 'Pad'}</button>
          ))}
        </div>
      </div>
      {!sizeOk && <p className="field-error">Height and width must be whole numbers from 1 to 1024.</p>}
      <div className="button-row wrap">
        <button type="button" className="btn small primary" disabled={disabled || !path.trim() || !sizeOk}
          onClick={() => { void controller.importImageFolder({ path: path.trim(), height, width, fit }); }}>Import</button>
      </div>
      {importing && (
        <div className="progress-block" role="status">
          <p className="small">Importing images…</p>
          <div className="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} {...(share !== null ? { 'aria-valuenow': Math.round(share * 100) } : {})}>
            <div className={share === null ? 'bar indeterminate' : 'bar'} style={share === null ? undefined : { width: `${share * 100}%` }} />
          </div>
          {progress && <p className="muted small">{progress.done} of {progress.total} files{progress.skipped ? `, ${progress.skipped} skipped` : ''}</p>}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error.message} {error.fix}</p>}
      {folder && <FolderDatasetView info={folder} />}
    </section>
  );
}
