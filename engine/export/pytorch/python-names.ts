// Node ids become attribute names in __init__ and variable names in forward, so a person reading
// model.py sees the names from the canvas. A few names would break or shadow something there.

const PYTHON_KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case',
];
/** nn.Module members a submodule must not overwrite, and names forward() already uses. */
const TAKEN = [
  'forward', 'training', 'train', 'eval', 'to', 'cpu', 'cuda', 'float', 'double', 'half', 'type', 'apply', 'parameters',
  'buffers', 'modules', 'children', 'state_dict', 'load_state_dict', 'zero_grad', 'add_module', 'register_buffer',
  'register_parameter', 'register_module', 'named_parameters', 'named_buffers', 'named_modules', 'named_children',
  'requires_grad_', 'extra_repr', 'dump_patches', 'get_submodule', 'get_parameter', 'get_buffer', 'share_memory',
  'self', 'x', 'torch', 'nn', 'F', 'input', 'Net', 'AvgPool2dSame',
];
const RESERVED = new Set([...PYTHON_KEYWORDS, ...TAKEN]);

/** A distinct Python identifier for each layer name (layer names are already [A-Za-z0-9_]). */
export function pythonNames(layerNames: Iterable<[string, string]>): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const [id, layerName] of layerNames) {
    let base = layerName.replace(/[^A-Za-z0-9_]/g, '_') || 'layer';
    if (/^[0-9]/.test(base)) base = `layer_${base}`;
    if (RESERVED.has(base) || base.startsWith('__')) base = `${base}_`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    out.set(id, name);
  }
  return out;
}
