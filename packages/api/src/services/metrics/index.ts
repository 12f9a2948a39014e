export * from './dashboard-metrics';
export * from './fleet-snapshot';
