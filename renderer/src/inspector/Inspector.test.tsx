// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppController } from '../app/controller.js';
import { AppProvider } from '../app/hooks.js';
import { Palette } from '../palette/Palette.js';
import { createFakePlatform } from '../test/fake-platform.js';
import { Inspector } from './Inspector.js';

afterEach(cleanup);

function setup() {
  const app = new AppController(createFakePlatform().platform);
  render(<AppProvider controller={app}><Palette /><Inspector /></AppProvider>);
  return app;
}

describe('palette and inspector', () => {
  it('names each palette item after its layer and adds it on click, after the selected layer', () => {
    const app = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Input' }));
    fireEvent.click(screen.getByRole('button', { name: 'Conv2D' }));
    const s = app.graph.getState();
    expect(s.nodes.map((n) => n.id)).toEqual(['input1', 'conv2d1']);
    expect(s.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['input1->conv2d1']);
  });

  it('adds the best match when Enter is pressed in the search box', () => {
    const app = setup();
    const search = screen.getByRole('searchbox', { name: 'Search layers' });
    fireEvent.change(search, { target: { value: 'maxp' } });
    expect(screen.queryByRole('button', { name: 'Dense' })).toBeNull();
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(app.graph.getState().nodes.map((n) => n.data.kind)).toEqual(['maxpool2d']);
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('edits the selected layer with limits, units, help and immediate validation', () => {
    const app = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Input' }));
    fireEvent.click(screen.getByRole('button', { name: 'Conv2D' }));
    expect(screen.getByRole('heading', { name: 'Conv2D' })).toBeTruthy();
    expect(screen.getByText('Number of output channels.')).toBeTruthy();
    expect(screen.getAllByText('px').length).toBeGreaterThan(0);

    const filters = screen.getByLabelText(/Filters/) as HTMLInputElement;
    fireEvent.change(filters, { target: { value: '16' } });
    expect(app.graph.getState().nodes[1]?.data.params['filters']).toBe(16);
    expect(screen.getByText('28×28×16')).toBeTruthy();

    fireEvent.change(filters, { target: { value: '5000' } });
    expect(screen.getByRole('alert').textContent).toMatch(/outside 1–1024/);
    fireEvent.change(filters, { target: { value: '' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Enter a number/);
    expect(app.graph.getState().nodes[1]?.data.params['filters']).toBe(5000);

    fireEvent.click(screen.getByRole('radio', { name: 'same' }));
    expect(app.graph.getState().nodes[1]?.data.params['padding']).toBe('same');
  });

  it('lists the model’s problems when nothing is selected', () => {
    const app = setup();
    app.graph.getState().addLayer('conv2d', { x: 0, y: 0 });
    app.graph.getState().select([]);
    expect(screen.getByText('The graph has no Input node.')).toBeTruthy();
  });
});
