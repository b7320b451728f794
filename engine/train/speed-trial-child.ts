// The child process of isolated-speed-trial.ts: loads one libtensorflow backend, builds the
// run's model and runs its untimed first step, says 'ready', and on 'go' times it (speed-trial.ts)
// and answers with the figure. The parent says 'go' once nothing else of its own runs. What
// arrives is checked.
import { z } from 'zod';
import { selectBackend } from '../backend/index.js';
import { graphSchema, trainingConfigSchema } from '../project/schema.js';
import { trainingSpeedTrial } from './speed-trial.js';
import type { trialReplySchema } from './isolated-speed-trial.js';

const goSchema = z.object({ go: z.literal(true) });

const requestSchema = z.object({
  backend: z.enum(['tensorflow-gpu', 'tensorflow']),
  graph: graphSchema,
  training: trainingConfigSchema.pick({ batchSize: true, optimizer: true, learningRate: true, momentum: true }),
});

function reply(message: z.infer<typeof trialReplySchema>): void {
  process.send?.(message, () => process.exit(0));
}

// An engine that goes away (quit, crash) takes its timing process with it.
process.on('disconnect', () => process.exit(0));

const go = new Promise<void>((resolve) => {
  process.on('message', (raw) => {
    if (goSchema.safeParse(raw).success) resolve();
  });
});

process.once('message', (raw) => {
  void (async () => {
    const request = requestSchema.safeParse(raw);
    if (!request.success) {
      reply({ ok: false, reason: `the timing process got an invalid request: ${request.error.issues[0]?.message ?? 'unknown'}` });
      return;
    }
    const { backend, graph, training } = request.data;
    try {
      await selectBackend({ prefer: backend });
      const imagesPerSec = await trainingSpeedTrial(graph, training, undefined, async () => {
        process.send?.({ ready: true });
        await go;
      });
      reply({ ok: true, imagesPerSec });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      reply({ ok: false, reason: message.replace(/^Backend '[^']+' was requested but cannot be used: /, '') });
    }
  })();
});
