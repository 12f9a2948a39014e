import { SimulatedSipHost } from './src/simulated-host';
const host = await SimulatedSipHost.create('/tmp/fp', { hostname: 'fp.test', application: 'FP', mode: 'backup', version: '8.1.103.64', options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' }, componentDelaysMs: { 't-controller': 10, 'smart-proxy': 10, 'interaction-proxy': 10, 'operational-info': 10 } });
await host.start();
console.log(host.configPath);
setTimeout(() => process.exit(0), 40000);
