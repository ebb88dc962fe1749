// The conversion check's page: the harness functions, driven by tests/engine/convert/check.ts through Playwright.
import { adapter, convert, logits } from './harness';

(window as unknown as { harness: unknown }).harness = { convert, logits, adapter };
document.title = 'ready';
