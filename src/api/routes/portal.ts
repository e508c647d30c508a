// The portal (入口網) for the trade: what customs publishes (public), applications and their
// status (each company its own; customs reviews and decides), the declarations a trader follows,
// a fleet's device health, and the yard's transport-note helpers: a check without storing (the
// form's live validation, the same rules as POST /transport-notes), its notes newest first with
// their trips' state, and the printable note as a PDF. Who may do what: src/access/portal.ts.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  APPLICATION_DECIDERS, APPLICATION_READERS, APPLICANTS, FOLLOWERS, PUBLISHERS, canSeeNote, notesWhere,
} from '../../access/policy.ts';
import type { Role } from '../../auth/roles.ts';
import { validateCnNo } from '../../core/ids/index.ts';
import { PHASES } from '../../core/movements/timeline.ts';
import { ANNOUNCEMENT_KINDS, DOWNLOAD_CATEGORIES, announcementFile, listAnnouncements, publishAnnouncement, withdrawAnnouncement } from '../../portal/announcements.ts';
import {
  APPLICATION_KINDS, DECISIONS, DEVICE_KINDS, PORTAL_STATUSES, approvedFleets, certifiedModels, decidePortalApplication, fileApplication,
  listPortalApplications, portalApplication,
} from '../../portal/applications.ts';
import { declaredContainerTimeline } from '../../portal/declarations.ts';
import { deviceHealth } from '../../portal/fleet.ts';
import { listSubscriptions, subscribe, unsubscribe } from '../../portal/subscriptions.ts';
import type { AppContext } from '../../platform.ts';
import { presentNote } from '../../transport-notes/present.ts';
import { stationNames, transportNotePdf } from '../../transport-notes/print.ts';
import { TransportNoteSchema } from '../../transport-notes/schema.ts';
import { findNote } from '../../transport-notes/store.ts';
import { checkNoteOnly } from '../../transport-notes/submit.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { ConfirmationViewSchema, FieldErrorSchema, NOTE_SENDERS } from './transport-notes.ts';

const tags = ['portal'];
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const APPLICANT_ROLES = [...new Set(Object.values(APPLICANTS).flat())] as Role[];
const HEALTH_READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'];

const AnnouncementBody = Type.Object(
  {
    kind: lit(ANNOUNCEMENT_KINDS),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.Optional(Type.String({ maxLength: 20000 })),
    category: Type.Optional(lit(DOWNLOAD_CATEGORIES)),
    file: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$' }),
          contentType: Type.String({ maxLength: 120 }),
          base64: Type.String({ maxLength: 7_000_000, description: 'The file, base64 (at most 5 MiB decoded)' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const ApplicationBody = Type.Object(
  {
    kind: lit(APPLICATION_KINDS),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    roles: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 6 })),
    nationalId: Type.Optional(Type.String({ maxLength: 10 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    plates: Type.Optional(Type.Array(Type.String({ maxLength: 12 }), { maxItems: 500 })),
    driverIds: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 500 })),
    model: Type.Optional(Type.String({ maxLength: 100 })),
    deviceKind: Type.Optional(lit(DEVICE_KINDS)),
    manufacturer: Type.Optional(Type.String({ maxLength: 200 })),
    protocols: Type.Optional(Type.Array(lit(['mqtt', 'http', 'jt808'] as const), { maxItems: 3 })),
    specification: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  {
    additionalProperties: false,
    description: 'account: username, name, roles, password (nationalId for a driver); fleet: plates and driverIds of the registry; type_approval: model, deviceKind, manufacturer',
  },
);
const ApplicationQuery = Type.Object({ kind: Type.Optional(lit(APPLICATION_KINDS)), status: Type.Optional(lit(PORTAL_STATUSES)) }, { additionalProperties: false });
const DecisionBody = Type.Object({ decision: lit(DECISIONS), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const SubscribeBody = Type.Object({ declarationNo: Type.String({ minLength: 1, maxLength: 30 }) }, { additionalProperties: false });
const DeclarationParams = Type.Object({ declarationNo: Type.String({ minLength: 1, maxLength: 30 }) });
const CnParams = Type.Object({ cnNo: Type.String({ minLength: 1, maxLength: 20 }) });
const NotesQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1..500, default 100' })) }, { additionalProperties: false });

// ---- answers ----------------------------------------------------------------------------------

const Announcement = Type.Object({
  id: Type.String(),
  kind: lit(ANNOUNCEMENT_KINDS),
  category: Nullable(lit(DOWNLOAD_CATEGORIES)),
  title: Type.String(),
  body: Type.String({ description: 'Empty when there is none' }),
  file: Nullable(
    Type.Object(
      { name: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer(), href: Type.String({ description: 'Where to download it (public)' }) },
      { description: "A download's file; null for news" },
    ),
  ),
  publishedAt: Timestamp(),
  publishedBy: Type.String(),
});
/** What an application asks for, as filed: the fields of its kind only. */
const ApplicationDetails = Type.Object(
  {
    username: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Type.String())),
    nationalId: Type.Optional(Type.String()),
    plates: Type.Optional(Type.Array(Type.String())),
    driverIds: Type.Optional(Type.Array(Type.String())),
    model: Type.Optional(Type.String()),
    manufacturer: Type.Optional(Type.String()),
    deviceKind: Type.Optional(lit(DEVICE_KINDS)),
    protocols: Type.Optional(Type.Array(Type.String())),
    specification: Type.Optional(Type.String()),
    note: Type.Optional(Type.String({ description: "The applicant's note" })),
  },
  { description: 'account: username, name, roles (nationalId); fleet: plates, driverIds; type_approval: model, manufacturer, deviceKind, protocols (specification). The password is never shown.' },
);
const Application = Type.Object({
  id: Type.String(),
  kind: lit(APPLICATION_KINDS),
  companyUbn: Type.String(),
  companyName: Nullable(Type.String()),
  applicantId: Type.String({ description: 'The user who filed it' }),
  subject: Type.String({ description: 'What it is about: the person, the plates or the device model' }),
  details: ApplicationDetails,
  status: lit(PORTAL_STATUSES),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp()),
  decisionNote: Nullable(Type.String()),
  createdAt: Timestamp(),
  steps: Type.Array(Type.Object({ status: lit(PORTAL_STATUSES), at: Timestamp(), by: Type.String(), note: Nullable(Type.String()) }), { description: 'Every step, oldest first' }),
});
const CertifiedModel = Type.Object({
  model: Type.String(),
  deviceKind: lit(DEVICE_KINDS),
  manufacturer: Type.String(),
  protocols: Type.Array(Type.String()),
  supplier: Type.String({ description: "The supplier's name" }),
  supplierUbn: Type.String(),
  approvedAt: Nullable(Timestamp()),
});
const ApprovedFleet = Type.Object({
  companyUbn: Type.String(),
  name: Type.String(),
  vehicles: Type.Integer({ description: 'Vehicles across its approved registrations' }),
  approvedAt: Nullable(Timestamp({ description: 'Its latest approval' })),
});
const Subscription = Type.Object({ declarationNo: Type.String({ description: 'As normalised: letters and digits, upper case' }), createdAt: Timestamp() });
const MOVEMENT_STATUSES = ['not_seen', 'discharged', 'in_yard', 'gate_out', 'in_transit', 'arrived', 'gate_in', 'loaded'] as const;
const ContainerTimeline = Type.Object({
  declarationNo: Type.String(),
  containerNo: Type.String(),
  status: Type.String({ enum: [...MOVEMENT_STATUSES], description: 'The phase of its latest movement' }),
  lastEventAt: Nullable(Timestamp()),
  lastPosition: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number(), ts: Timestamp() }, { description: 'Of the truck carrying it, when on a trip' })),
  timeline: Type.Array(
    Type.Object({
      at: Timestamp(),
      phase: Type.String({ enum: [...PHASES] }),
      kind: Type.String({ description: 'A yard event, gate_in/gate_out, a trip state, or clearance_<status>' }),
      facility: Nullable(Type.String()),
      facilityName: Nullable(Type.String()),
    }),
    { description: 'Oldest first' },
  ),
});
const DeviceHealth = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'obu or seal' }),
  plate: Nullable(Type.String()),
  obuId: Nullable(Type.String({ description: "A seal's OBU" })),
  battery: Nullable(Type.Number({ description: 'Percent, as last reported' })),
  sealState: Nullable(Type.String()),
  link: Nullable(Type.String()),
  ownerUbn: Nullable(Type.String()),
  lastReportAt: Nullable(Timestamp()),
  tripId: Nullable(Type.String({ description: 'The trip it is on now' })),
});
const NoteCheck = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(FieldErrorSchema),
});
const PortalNote = Type.Object({
  cnNo: Type.String(),
  version: Type.Integer(),
  status: Type.String({ enum: ['live', 'cancelled'] }),
  note: TransportNoteSchema,
  confirmation: Nullable(ConfirmationViewSchema),
  closedAt: Type.Optional(Timestamp({ description: 'When its trip ended it; absent while open' })),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  tripId: Nullable(Type.String({ description: 'The newest trip carrying it' })),
  tripState: Nullable(Type.String()),
});
const binary = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
const noContent = (description: string) => ({ description, type: 'null' }) as const;

export default async function portalRoutes(api: FastifyInstance, ctx: AppContext) {
  // What customs publishes: public.
  api.get<{ Querystring: { kind?: string } }>(
    '/portal/announcements',
    {
      config: { auth: false },
      schema: {
        tags,
        summary: 'Announcements and downloads customs publishes, newest first (public)',
        querystring: Type.Object({ kind: Type.Optional(lit(ANNOUNCEMENT_KINDS)) }, { additionalProperties: false }),
        response: { 200: Type.Array(Announcement) },
      },
    },
    async (req) => listAnnouncements(ctx, req.query.kind),
  );
  api.get<{ Params: Static<typeof Id> }>(
    '/portal/announcements/:id/file',
    {
      config: { auth: false },
      schema: { tags, summary: 'The file of a download (public)', params: Id, response: { 200: binary('The file, with the content type it was published with', 'application/octet-stream') } },
    },
    async (req, reply) => {
      const f = await announcementFile(ctx, req.params.id);
      reply.header('content-type', f.contentType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      return reply.send(f.content);
    },
  );
  api.post<{ Body: Static<typeof AnnouncementBody> }>(
    '/portal/announcements',
    {
      config: { auth: { roles: PUBLISHERS } },
      bodyLimit: 8 * 1024 * 1024,
      schema: { tags, summary: 'Publish an announcement or a download (customs admin)', body: AnnouncementBody, response: { 201: Announcement } },
    },
    async (req, reply) => {
      reply.status(201);
      return publishAnnouncement(ctx, requestActor(req), req.body);
    },
  );
  api.delete<{ Params: Static<typeof Id> }>(
    '/portal/announcements/:id',
    { config: { auth: { roles: PUBLISHERS } }, schema: { tags, summary: 'Withdraw an announcement (customs admin)', params: Id, response: { 204: noContent('Withdrawn') } } },
    async (req, reply) => {
      await withdrawAnnouncement(ctx, requestActor(req), req.params.id);
      reply.status(204);
    },
  );
  api.get(
    '/portal/certified-devices',
    { config: { auth: false }, schema: { tags, summary: 'Device models customs certified (type approval), latest first (public)', response: { 200: Type.Array(CertifiedModel) } } },
    async () => certifiedModels(ctx),
  );
  api.get(
    '/portal/approved-fleets',
    { config: { auth: false }, schema: { tags, summary: 'Bonded-truck fleets meeting the requirements, by name (public)', response: { 200: Type.Array(ApprovedFleet) } } },
    async () => approvedFleets(ctx),
  );

  // Applications.
  api.post<{ Body: Static<typeof ApplicationBody> }>(
    '/portal/applications',
    {
      config: { auth: { roles: APPLICANT_ROLES } },
      schema: { tags, summary: 'File an application for your own company (a person of the trade)', body: ApplicationBody, response: { 201: Application } },
    },
    async (req, reply) => {
      reply.status(201);
      return fileApplication(ctx, requestActor(req), req.principal!, req.body);
    },
  );
  api.get<{ Querystring: Static<typeof ApplicationQuery> }>(
    '/portal/applications',
    { config: { auth: { roles: APPLICATION_READERS } }, schema: {
        tags,
        summary: 'Applications, newest first: your company’s; customs all (its review queue)',
        querystring: ApplicationQuery,
        response: { 200: Type.Array(Application) },
      },
    },
    async (req) => listPortalApplications(ctx, req.principal!, req.query),
  );
  api.get<{ Params: Static<typeof Id> }>(
    '/portal/applications/:id',
    { config: { auth: { roles: APPLICATION_READERS } }, schema: { tags, summary: 'One application with every step', params: Id, response: { 200: Application } } },
    async (req) => portalApplication(ctx, req.principal!, req.params.id),
  );
  api.post<{ Params: Static<typeof Id>; Body: Static<typeof DecisionBody> }>(
    '/portal/applications/:id/decision',
    {
      config: { auth: { roles: APPLICATION_DECIDERS } },
      schema: {
        tags,
        summary: 'Take up, approve or reject an application, with a note (customs; a rejection needs one)',
        params: Id,
        body: DecisionBody,
        response: { 200: Application },
      },
    },
    async (req) => decidePortalApplication(ctx, requestActor(req), req.principal!, req.params.id, req.body.decision, req.body.note),
  );

  // Declarations a trader follows.
  api.get(
    '/portal/subscriptions',
    { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'The declarations you follow, newest first (traders)', response: { 200: Type.Array(Subscription) } } },
    async (req) => listSubscriptions(ctx, req.principal!),
  );
  api.post<{ Body: Static<typeof SubscribeBody> }>(
    '/portal/subscriptions',
    { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'Follow a declaration: be told of changes of its containers (traders)', body: SubscribeBody, response: { 201: Subscription } } },
    async (req, reply) => {
      reply.status(201);
      return subscribe(ctx, requestActor(req), req.principal!, req.body.declarationNo);
    },
  );
  api.delete<{ Params: Static<typeof DeclarationParams> }>(
    '/portal/subscriptions/:declarationNo',
    { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'Stop following a declaration (traders)', params: DeclarationParams, response: { 204: noContent('No longer followed') } } },
    async (req, reply) => {
      await unsubscribe(ctx, requestActor(req), req.principal!, req.params.declarationNo);
      reply.status(204);
    },
  );

  api.get<{ Params: { declarationNo: string; containerNo: string } }>(
    '/portal/declarations/:declarationNo/containers/:containerNo',
    {
      schema: {
        tags,
        summary: 'The timeline of one container of a declaration (customs, and the importer named on its clearance)',
        params: Type.Object({ declarationNo: Type.String({ minLength: 1, maxLength: 40 }), containerNo: Type.String({ minLength: 1, maxLength: 20 }) }),
        response: { 200: ContainerTimeline },
      },
    },
    async (req) => declaredContainerTimeline(ctx, req.principal!, req.params.declarationNo, req.params.containerNo),
  );

  // Fleets.
  api.get(
    '/portal/device-health',
    {
      config: { auth: { roles: HEALTH_READERS } },
      schema: { tags, summary: 'Your company’s OBUs and seals: battery, seal state, link, last report (fleets and suppliers; customs all)', response: { 200: Type.Array(DeviceHealth) } },
    },
    async (req) => deviceHealth(ctx, req.principal!),
  );

  // Yards: transport notes.
  api.post(
    '/transport-notes/validate',
    {
      config: { auth: { roles: NOTE_SENDERS } },
      schema: {
        tags: ['transport-notes'],
        summary: 'Check a transport note without storing it, by the rules of POST /transport-notes (yards and customs)',
        description: 'Answers 200 {valid, errors: [{path, message}]}: the shape, identifiers, sender, registry references and seals on another live note.',
        response: { 200: NoteCheck },
      },
      validatorCompiler: () => () => true,
    },
    async (req) => {
      const errors = await checkNoteOnly(ctx, req.principal!, req.body);
      return { valid: errors.length === 0, errors };
    },
  );
  api.get<{ Querystring: Static<typeof NotesQuery> }>(
    '/portal/transport-notes',
    {
      schema: {
        tags,
        summary: 'Transport notes you may see, most recently changed first, with the state of the trip carrying each',
        querystring: NotesQuery,
        response: { 200: Type.Array(PortalNote) },
      },
    },
    async (req) => {
      const params: unknown[] = [];
      const visible = notesWhere(req.principal!, 't', params);
      params.push(Math.min(Math.max(Number(req.query.limit ?? 100), 1), 500));
      const rows = await ctx.db.query(
        `select t.*, tr.trip_id as trip_id, tr.state as trip_state from transport_notes t
           left join lateral (select trip_id, state from trips where t.cn_no = any(cn_nos) order by created_at desc limit 1) tr on true
           ${visible ? `where ${visible}` : ''} order by t.updated_at desc, t.cn_no limit $${params.length}`,
        params,
      );
      return rows.map((r) => ({ ...presentNote(r), tripId: (r.trip_id as string | null) ?? null, tripState: (r.trip_state as string | null) ?? null }));
    },
  );
  api.get<{ Params: Static<typeof CnParams> }>(
    '/transport-notes/:cnNo/pdf',
    {
      schema: {
        tags: ['transport-notes'],
        summary: 'The printable transport note (PDF, with a QR code of its number)',
        params: CnParams,
        response: { 200: binary('The transport note as PDF', 'application/pdf') },
      },
    },
    async (req, reply) => {
      const id = validateCnNo(req.params.cnNo);
      const row = id.ok ? await findNote(ctx.db, id.value) : undefined;
      if (!row || !(await canSeeNote(ctx.db, req.principal!, { cnNo: row.cn_no, senderUbn: row.sender_ubn, origin: row.origin, destination: row.destination }))) {
        throw notFound(`Transport note ${req.params.cnNo}`, 'transport_note', req.params.cnNo);
      }
      const view = presentNote(row);
      const pdf = await transportNotePdf(view, await stationNames(ctx.db, [view.note.origin, view.note.destination]));
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="${row.cn_no}.pdf"`);
      return reply.send(pdf);
    },
  );
}
