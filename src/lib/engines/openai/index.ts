// The public face of the OpenAI-compatible engine family.
export { createOpenAiEngine, type OpenAiEngine, type OpenAiEngineOptions } from './engine';
export { listModels } from './models';
export { createSemaphore, type Semaphore } from './semaphore';
export { createKeyStore, type KeyStore, type KeyStorage } from './key-store';
export { estimateCost, parsePrice, type CostEstimate, type TokenPrice } from './cost';
export { redact } from './errors';
