import { Background, BackgroundVariant, MiniMap, ReactFlow, type IsValidConnection } from '@xyflow/react';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LAYERS } from '../../../engine/layers/registry.js';
import { useController, useGraph, useUi } from '../app/hooks.js';
import type { LayerFlowNode, ShapeFlowEdge } from '../graph/flow-graph.js';
import { EmptyCanvas } from './EmptyCanvas.js';
import { LayerNode } from './LayerNode.js';
import { ShapeEdge } from './ShapeEdge.js';
import { categoryClass } from './category.js';

// Module scope: React Flow re-mounts every node if these objects change identity.
const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const defaultEdgeOptions = { type: 'shape' as const };

const isValidConnection: IsValidConnection<ShapeFlowEdge> = (c) => c.source !== c.target;

// Small, so it stays clear of a top-to-bottom network.
const MINIMAP_SIZE = { width: 128, height: 96 };

const minimapColor = (node: LayerFlowNode) => `var(--${categoryClass(LAYERS[node.data.kind].category)})`;

export function Canvas() {
  const controller = useController();
  // Fit only a graph that is there at start: with an empty one React Flow would fit, and jump to,
  // the first layer dropped in.
  // Beside the dashboard the canvas is a narrow column with no room for a minimap.
  const narrow = useUi((s) => s.dashboardOpen);
  const [fitOnInit] = useState(() => controller.graph.getState().nodes.length > 0);
  const { nodes, edges, readOnly, onNodesChange, onEdgesChange, onConnect } = useGraph(useShallow((s) => ({
    nodes: s.nodes, edges: s.edges, readOnly: s.readOnly, onNodesChange: s.onNodesChange, onEdgesChange: s.onEdgesChange, onConnect: s.onConnect,
  })));
  return (
    <div className={readOnly ? 'canvas read-only' : 'canvas'} data-testid="canvas">
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onInit={(flow) => controller.attachFlow(flow)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        // Deleting goes through the command list, so it is undoable and shown in menus.
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        minZoom={0.2}
        maxZoom={2.5}
        fitView={fitOnInit}
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        colorMode="dark"
        proOptions={{ hideAttribution: false }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        {!narrow && <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(8, 10, 14, 0.72)" ariaLabel="Minimap" style={MINIMAP_SIZE} />}
      </ReactFlow>
      {nodes.length === 0 && <EmptyCanvas />}
      {readOnly && <div className="canvas-banner" role="status">Training — the model is read-only until the run ends.</div>}
    </div>
  );
}
