/** Injection tokens of what the host provides to every service module. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
