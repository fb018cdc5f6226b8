// One API client for the whole app: it owns the tokens (and their refresh), so every screen
// must share it rather than create its own.
import { StreamItApi } from '@streamit/client';

export const api = new StreamItApi();
