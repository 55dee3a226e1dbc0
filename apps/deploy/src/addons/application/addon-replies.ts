/** The add-on service's answer to one request of an add-on node. */
export type AddonReply =
  | {
      outcome: 'ready';
      instanceId: string;
      /** Non-secret outputs. */
      outputs: Record<string, unknown>;
      /** The Secret in the consumer's namespace with the secret outputs (never their values). */
      secret: { name: string; keys: string[] } | null;
    }
  | { outcome: 'failed'; reason: string };

/** Port: answers the add-on service sent, by request id (kept, so a resumed node reads the answer it missed). */
export abstract class AddonReplies {
  abstract record(requestId: string, reply: AddonReply): Promise<void>;
  abstract find(requestId: string): Promise<AddonReply | undefined>;
}
