import { z } from 'zod';
import { errorReplySchema } from '../engine/host/contract.js';

/**
 * Envelopes between main and the engine's utility process. The names and payloads inside are
 * checked again against the contract on each side.
 */
const id = z.number().int().nonnegative();

export const toEngineMessageSchema = z.object({
  kind: z.literal('request'),
  id,
  name: z.string().max(100),
  arg: z.unknown(),
});
export type ToEngineMessage = z.infer<typeof toEngineMessageSchema>;

export const fromEngineMessageSchema = z.union([
  z.object({ kind: z.literal('ready'), pid: z.number().int() }),
  z.object({ kind: z.literal('reply'), id, ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('reply'), id, ok: z.literal(false), error: errorReplySchema }),
  z.object({ kind: z.literal('event'), name: z.string().max(100), payload: z.unknown() }),
]);
export type FromEngineMessage = z.infer<typeof fromEngineMessageSchema>;
