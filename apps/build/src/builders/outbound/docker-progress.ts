import { createInterface } from 'node:readline';
import { ImageBuildError, type LineTail } from '../application/image-builder.js';

/** One JSON message of the Engine API's build or push progress stream. */
interface ProgressMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string; Digest?: string; Tag?: string };
}

/**
 * Follows a Docker Engine progress stream (newline-delimited JSON) into the log: build output
 * line by line, push status without its progress bars. Resolves with the pushed digest
 * (`aux.Digest`) if the stream carried one; an `error` message rejects naming `step`.
 */
export async function followDockerProgress(
  step: 'build' | 'push',
  stream: NodeJS.ReadableStream,
  line: (text: string) => void,
  tail: LineTail,
): Promise<{ digest?: string }> {
  let digest: string | undefined;
  const emit = (text: string) => {
    tail.push(text);
    line(text);
  };
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (!raw.trim()) continue;
    let message: ProgressMessage;
    try {
      message = JSON.parse(raw) as ProgressMessage;
    } catch {
      emit(raw);
      continue;
    }
    if (message.error !== undefined) {
      const cause = message.errorDetail?.message ?? message.error;
      emit(cause);
      throw new ImageBuildError(`${step} failed: ${cause}`, tail.last);
    }
    if (message.stream !== undefined) {
      for (const text of message.stream.split('\n')) if (text.trim()) emit(text.trimEnd());
    } else if (message.status !== undefined && message.progress === undefined) {
      emit(message.id ? `${message.id}: ${message.status}` : message.status);
    }
    if (message.aux?.Digest) digest = message.aux.Digest;
  }
  return digest ? { digest } : {};
}
