export { eventually, EVENTUALLY_TIMEOUT_MS, type EventuallyOptions, type Patience } from './eventually';
export { createRng, testSeed, type Rng } from './rng';
export { closeProvider, type ClosableProvider } from './provider';
export { rawPresenceFrame, rawPresenceUpdate, type RawPresenceEntry } from './presence';
