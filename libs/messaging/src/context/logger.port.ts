import { Logger } from '@nestjs/common';

/** What libs/messaging logs through; pino's logger fits it as it is (object first, message second). */
export interface LoggerPort {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The default: Nest's Logger, so a service that configured Nest logging needs nothing else. */
export function nestLogger(context: string): LoggerPort {
  const logger = new Logger(context);
  const line = (fields: Record<string, unknown>, message: string) => `${message} ${JSON.stringify(fields)}`;
  return {
    info: (fields, message) => logger.log(line(fields, message)),
    warn: (fields, message) => logger.warn(line(fields, message)),
    error: (fields, message) => logger.error(line(fields, message)),
  };
}

export const silentLogger: LoggerPort = { info: () => undefined, warn: () => undefined, error: () => undefined };
