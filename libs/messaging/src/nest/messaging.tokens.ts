/** Injection token of the service's NatsConnection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** Injection token of the LoggerPort libs/messaging logs through. */
export const MESSAGING_LOGGER = Symbol('MESSAGING_LOGGER');
