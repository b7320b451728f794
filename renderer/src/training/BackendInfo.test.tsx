// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppController } from '../app/controller.js';
import { AppProvider } from '../app/hooks.js';
import { createFakePlatform } from '../test/fake-platform.js';
import { BackendInfo } from './BackendInfo.js';

afterEach(cleanup);

const BASE = { tfBackend: 'tensorflow', threads: 2, simd: null, nativeKernels: false, notes: [] };

function setup() {
  const app = new AppController(createFakePlatform().platform);
  act(() => app.training.getState().setEngineInfo({
    version: '0.1.0',
    backend: {
      ...BASE, name: 'tensorflow', skipped: [],
      speed: { how: 'measured', chosen: 'tensorflow', measured: [{ name: 'tensorflow', label: 'tensorflow', imagesPerSec: 185.2 }, { name: 'wasm', label: 'wasm + native', imagesPerSec: 82 }] },
    },
  }));
  render(<AppProvider controller={app}><BackendInfo /></AppProvider>);
  return app;
}

describe('backend panel', () => {
  it('shows the measured speeds and the choice, and pins a backend for the next runs', () => {
    const app = setup();
    expect(screen.getByTestId('backend-speed').textContent).toBe('Fastest for this model: tensorflow 185 img/s, wasm + native 82 img/s → tensorflow');
    const pin = screen.getByRole('combobox', { name: 'Backend to train on' });
    fireEvent.change(pin, { target: { value: 'wasm' } });
    expect(app.training.getState().backendPin).toBe('wasm');
    fireEvent.change(pin, { target: { value: '' } });
    expect(app.training.getState().backendPin).toBeNull();
  });

  it('opens the reasons when a GPU is there but its libraries are not', () => {
    const app = setup();
    act(() => app.training.getState().setBackend({
      ...BASE, name: 'wasm', tfBackend: 'wasm', simd: true, speed: null,
      skipped: [{ name: 'tensorflow-gpu', reason: 'NVIDIA GPU found, but libcudnn.so.8 (cuDNN 8.1) is missing: install cuDNN 8.1 for CUDA 11.2' }],
    }));
    expect(screen.getByText('Why not another one?').closest('details')?.open).toBe(true);
    expect(screen.getByText(/libcudnn\.so\.8/)).toBeTruthy();
  });
});
