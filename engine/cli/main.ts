import { parseArgs } from 'node:util';
import { BACKEND_ORDER } from '../backend/index.js';
import type { BackendName } from '../backend/index.js';
import { INITIALIZERS, MONITORS, OPTIMIZERS, PAD_MODES, SCHEDULES } from '../project/schema.js';
import { EXPORT_FORMATS } from '../host/contract.js';
import type { ExportFormat } from '../host/contract.js';
import { doctorCommand } from './doctor.js';
import { evaluateCommand } from './evaluate.js';
import { exportCommand } from './export.js';
import { parseFit, parseSize } from './folder-data.js';
import { predictCommand } from './predict.js';
import type { CliIo } from './io.js';
import { processIo } from './io.js';
import { trainCommand } from './train.js';
import { validateCommand } from './validate.js';

export const USAGE = `Usage:
  layerloom validate FILE [--batch N] [--backend NAME] [--json]
  layerloom train FILE [--data DIR] [--epochs N] [--batch N] [--optimizer sgd|adam|adamw|rmsprop]
                       [--lr X] [--momentum X] [--nesterov] [--weight-decay X] [--label-smoothing X]
                       [--schedule constant|step|cosine|onecycle] [--warmup EPOCHS]
                       [--step-epochs N] [--step-factor X]
                       [--crop PIXELS] [--pad-mode reflect|zero] [--flip] [--cutout PIXELS]
                       [--early-stop PATIENCE] [--monitor val_loss|val_acc] [--restore-best]
                       [--val-split X] [--limit N] [--seed N] [--init glorot|pytorch] [--reference]
                       [--checkpoint DIR] [--backend tensorflow-gpu|tensorflow|wasm|cpu] [--out DIR] [--json]
                       [--size HxW] [--fit crop|pad]
  layerloom train --resume DIR [--data DIR] [--checkpoint DIR] [--out DIR] [--json]
  layerloom evaluate MODEL_DIR [--data DIR] [--limit N] [--backend NAME] [--fit crop|pad] [--json]
  layerloom predict MODEL_DIR IMAGE_OR_FOLDER... [--top K] [--backend NAME] [--json]
  layerloom export MODEL_DIR --format tfjs|onnx|pytorch --out PATH [--json]
                       (PATH: a folder, a .onnx file for onnx, or a .zip of any format)
  layerloom doctor [--data DIR] [--json]

--reference starts from the reference run's settings (SGD, lr 0.001, momentum 0.9, batch 100,
10 epochs, PyTorch's initial weights, no validation hold-out); other flags still override.
--lr is the peak of the schedule; --warmup rises to it linearly (one-cycle: replaces its 30% rise).
--checkpoint DIR writes weights, optimizer state and the run's place each epoch and at Ctrl-C;
--resume DIR continues that run with its own graph and settings (a crash loses at most one epoch).
Data: --data DIR, else $LAYERLOOM_CIFAR10_DIR, else the app's download cache.
--data may be an image folder (one subfolder per class, or train/ and test/ folders of that
shape; PNG, JPEG, WebP, BMP): train resizes it to --size (default: the Input node's size) with
--fit (crop: cover and centre-crop, the default; pad: fit inside with black bars) and sets the
Input size, the Output class count and the final Dense to match, saying what it changed.
Without --backend a run times a few steps of its model on each backend that loads and takes
the fastest (remembered per graph and batch). doctor says what can train here and why.`;

class UsageError extends Error {}

function int(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} needs a whole number ≥ ${min}, not '${value}'.`);
  return n;
}

function float(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || value.trim() === '') throw new UsageError(`--${name} needs a number, not '${value}'.`);
  return n;
}

function backend(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) throw new UsageError(`--backend must be one of ${BACKEND_ORDER.join(', ')}, not '${value}'.`);
  return value as BackendName;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false }, data: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
        optimizer: { type: 'string' }, lr: { type: 'string' }, momentum: { type: 'string' }, limit: { type: 'string' },
        seed: { type: 'string' }, out: { type: 'string' }, 'val-split': { type: 'string' }, backend: { type: 'string' },
        init: { type: 'string' }, reference: { type: 'boolean', default: false },
        nesterov: { type: 'boolean' }, 'weight-decay': { type: 'string' }, 'label-smoothing': { type: 'string' },
        schedule: { type: 'string' }, warmup: { type: 'string' }, 'step-epochs': { type: 'string' }, 'step-factor': { type: 'string' },
        crop: { type: 'string' }, 'pad-mode': { type: 'string' }, flip: { type: 'boolean' }, cutout: { type: 'string' },
        'early-stop': { type: 'string' }, monitor: { type: 'string' }, 'restore-best': { type: 'boolean' },
        checkpoint: { type: 'string' }, resume: { type: 'string' },
        format: { type: 'string' }, size: { type: 'string' }, fit: { type: 'string' }, top: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    const [target, extra, ...more] = positionals;
    if (command === 'doctor') {
      if (target !== undefined) throw new UsageError(`Unexpected argument '${target}': doctor takes no file.`);
      return await doctorCommand({ json: values.json ?? false, ...(values.data !== undefined && { data: values.data }) }, io);
    }
    if (target === undefined && !(command === 'train' && values.resume !== undefined)) throw new UsageError(`'${command}' needs a ${command === 'evaluate' || command === 'export' || command === 'predict' ? 'model folder' : 'project file'}.`);
    if (extra !== undefined && command !== 'predict') throw new UsageError(`Unexpected argument '${extra}'.`);
    const fit = usage(() => parseFit(values.fit));
    const size = usage(() => parseSize(values.size));
    if (values.init !== undefined && !(INITIALIZERS as readonly string[]).includes(values.init)) {
      throw new UsageError(`--init must be one of ${INITIALIZERS.join(', ')}, not '${values.init}'.`);
    }
    oneOf('optimizer', values.optimizer, OPTIMIZERS);
    oneOf('schedule', values.schedule, SCHEDULES);
    oneOf('pad-mode', values['pad-mode'], PAD_MODES);
    oneOf('monitor', values.monitor, MONITORS);
    const json = values.json ?? false;
    if (target === undefined) return await trainCommand(undefined, { json, resume: values.resume as string, ...defined({ data: values.data, out: values.out, checkpoint: values.checkpoint, backend: backend(values.backend) }) }, io);
    switch (command) {
      case 'validate':
        return await validateCommand(target, json, io, defined({ batch: int('batch', values.batch), backend: backend(values.backend) }));
      case 'train':
        return await trainCommand(target, {
          json, ...(values.data !== undefined && { data: values.data }), ...(values.out !== undefined && { out: values.out }),
          ...defined({ epochs: int('epochs', values.epochs), batch: int('batch', values.batch), limit: int('limit', values.limit),
            seed: int('seed', values.seed, 0), lr: float('lr', values.lr), momentum: float('momentum', values.momentum),
            valSplit: float('val-split', values['val-split']), optimizer: values.optimizer, backend: backend(values.backend),
            init: values.init, reference: values.reference || undefined,
            nesterov: values.nesterov, weightDecay: float('weight-decay', values['weight-decay']), labelSmoothing: float('label-smoothing', values['label-smoothing']),
            schedule: values.schedule, warmup: float('warmup', values.warmup), stepEpochs: int('step-epochs', values['step-epochs']), stepFactor: float('step-factor', values['step-factor']),
            crop: int('crop', values.crop, 0), padMode: values['pad-mode'], flip: values.flip, cutout: int('cutout', values.cutout, 0),
            earlyStop: int('early-stop', values['early-stop']), monitor: values.monitor, restoreBest: values['restore-best'],
            checkpoint: values.checkpoint, resume: values.resume, size, fit }),
        }, io);
      case 'evaluate':
        return await evaluateCommand(target, {
          json, ...(values.data !== undefined && { data: values.data }),
          ...defined({ limit: int('limit', values.limit), backend: backend(values.backend), fit }),
        }, io);
      case 'predict':
        if (extra === undefined) throw new UsageError("'predict' needs image files or folders after the model folder.");
        return await predictCommand(target, [extra, ...more], { json, ...defined({ top: int('top', values.top), backend: backend(values.backend) }) }, io);
      case 'export':
        if (values.out === undefined) throw new UsageError("'export' needs --out PATH: the folder, .onnx file or .zip to write.");
        return await exportCommand(target, { format: exportFormat(values.format), out: values.out, json }, io);
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

/** Flag parsers in folder-data.ts mark their errors as usage errors. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if ((error as { usage?: boolean }).usage) throw new UsageError((error as Error).message);
    throw error;
  }
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not '${value}'.`);
}

function exportFormat(value: string | undefined): ExportFormat {
  if (value === undefined || !(EXPORT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${value === undefined ? '' : `, not '${value}'`}.`);
  }
  return value as ExportFormat;
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
