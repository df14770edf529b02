import type { z } from 'zod';
import type { Publisher } from '../../../model/index.js';

export type PublisherInput = z.input<typeof Publisher>;
