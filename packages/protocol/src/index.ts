export * from './ack';
export * from './agent-events';
export * from './check-result';
export * from './live-events';
export * from './agent-config';
