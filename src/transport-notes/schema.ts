// JSON schemas of the transport note (CONTRACT section 3) as the API accepts it. They are both the
// OpenAPI description and the first, structural check of every note (see validate.ts).
import { Type, type Static } from '@sinclair/typebox';
import { SEAL_TYPES } from '../core/types.ts';

export const MAX_BATCH = 500;
export const MAX_CONTAINERS = 50;
export const MAX_SEALS = 20;

export const CN_FUNCTIONS = ['9', '5', '1'] as const;

/** Seal types the monitoring reads electronically: a container of these types must name its seals. */
export const ELECTRONIC_SEAL_TYPES: readonly string[] = ['truck_eseal', 'eseal', 'epaper_seal'];

export const ContainerSchema = Type.Object(
  {
    no: Type.String({ maxLength: 20, description: 'Container number, ISO 6346 (e.g. CSQU3054383)' }),
    sealType: Type.Union(SEAL_TYPES.map((s) => Type.Literal(s))),
    sealNos: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
      maxItems: MAX_SEALS,
      description: 'Required (at least one) for truck_eseal, eseal and epaper_seal',
    }),
  },
  { additionalProperties: false },
);

export const TransportNoteSchema = Type.Object(
  {
    cnNo: Type.String({ maxLength: 30 }),
    function: Type.Union(CN_FUNCTIONS.map((f) => Type.Literal(f)), { description: '"9" original, "5" replace, "1" cancel' }),
    senderUbn: Type.String({ maxLength: 8 }),
    origin: Type.String({ maxLength: 10, description: 'Station (facility) code the trip starts from' }),
    destination: Type.String({ maxLength: 10, description: 'Station (facility) code the trip goes to' }),
    routeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    containers: Type.Array(ContainerSchema, { minItems: 1, maxItems: MAX_CONTAINERS }),
    plate: Type.String({ maxLength: 12 }),
    driverId: Type.String({ maxLength: 12, description: 'National ID or resident certificate number' }),
    transportCategory: Type.Integer({ minimum: 1, maximum: 7, description: 'G14E4 transport-tool category 1..7' }),
    declarationNo: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    releaseCode: Type.Optional(Type.String({ minLength: 1, maxLength: 4 })),
    requiresConfirmation: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type TransportNoteBody = Static<typeof TransportNoteSchema>;

/**
 * A cancel needs only the note number: the stored note supplies the rest. Legacy systems send a
 * full copy with function "1"; the other fields are then accepted and not checked.
 */
export const CancelSchema = Type.Object(
  {
    cnNo: Type.String({ maxLength: 30 }),
    function: Type.Literal('1'),
    senderUbn: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: true },
);

export const BatchSchema = Type.Object(
  { notes: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);

export const ConfirmationSchema = Type.Object(
  {
    containerNo: Type.Optional(Type.String({ maxLength: 20 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ConfirmationBody = Static<typeof ConfirmationSchema>;
