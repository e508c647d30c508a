// Reading container numbers and plates from pictures (POST /ocr): customs officers checking a
// door photo, and the lane and yard systems (yard operators' API keys) that read their cameras'
// frames before reporting a gate event. Nothing stored is read or written, so no company scope.
import type { Role } from '../auth/roles.ts';

export const OCR_READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'yard_operator'];
