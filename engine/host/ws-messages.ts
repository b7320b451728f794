import { z } from 'zod';
import { errorReplySchema } from './contract.js';

/**
 * The wire format of the contract over WebSocket (browser mode). Pure zod, no Node, so the
 * server (ws-transport.ts) and the renderer's client parse the same shapes. Names and payloads
 * inside are checked again against the contract's own schemas on each side.
 */

/** The WebSocket path the engine is served on; the token goes in its `token` query parameter. */
export const ENGINE_SOCKET_PATH = '/engine';

export const clientMessageSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  /** Repeated on every message so a socket handed to another page cannot be reused without it. */
  token: z.string().min(1).max(200),
  name: z.string().max(100),
  arg: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.union([
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: errorReplySchema }),
  z.object({ t: z.literal('evt'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
