export { advanceRollout, advanceRunningRollouts } from './advance-rollout';
export { createRollout, type TRolloutCreated } from './create-rollout';
export { continueRollout, haltRollout, revertRollout } from './rollout-actions';
export { getRollout, listRollouts } from './rollout-views';
