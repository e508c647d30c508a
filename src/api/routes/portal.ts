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
import { findNote } from '../../transport-notes/store.ts';
import { checkNoteOnly } from '../../transport-notes/submit.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';
import { NOTE_SENDERS } from './transport-notes.ts';

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

export default async function portalRoutes(api: FastifyInstance, ctx: AppContext) {
  // What customs publishes: public.
  api.get<{ Querystring: { kind?: string } }>(
    '/portal/announcements',
    {
      config: { auth: false },
      schema: { tags, summary: 'Announcements and downloads customs publishes (public)', querystring: Type.Object({ kind: Type.Optional(lit(ANNOUNCEMENT_KINDS)) }, { additionalProperties: false }) },
    },
    async (req) => listAnnouncements(ctx, req.query.kind),
  );
  api.get<{ Params: Static<typeof Id> }>(
    '/portal/announcements/:id/file',
    { config: { auth: false }, schema: { tags, summary: 'The file of a download (public)', params: Id } },
    async (req, reply) => {
      const f = await announcementFile(ctx, req.params.id);
      reply.header('content-type', f.contentType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      return reply.send(f.content);
    },
  );
  api.post<{ Body: Static<typeof AnnouncementBody> }>(
    '/portal/announcements',
    { config: { auth: { roles: PUBLISHERS } }, bodyLimit: 8 * 1024 * 1024, schema: { tags, summary: 'Publish an announcement or a download (customs admin)', body: AnnouncementBody } },
    async (req, reply) => {
      reply.status(201);
      return publishAnnouncement(ctx, requestActor(req), req.body);
    },
  );
  api.delete<{ Params: Static<typeof Id> }>(
    '/portal/announcements/:id',
    { config: { auth: { roles: PUBLISHERS } }, schema: { tags, summary: 'Withdraw an announcement (customs admin)', params: Id } },
    async (req, reply) => {
      await withdrawAnnouncement(ctx, requestActor(req), req.params.id);
      reply.status(204);
    },
  );
  api.get('/portal/certified-devices', { config: { auth: false }, schema: { tags, summary: 'Device models customs certified (type approval; public)' } }, async () => certifiedModels(ctx));
  api.get('/portal/approved-fleets', { config: { auth: false }, schema: { tags, summary: 'Bonded-truck fleets meeting the requirements (public)' } }, async () => approvedFleets(ctx));

  // Applications.
  api.post<{ Body: Static<typeof ApplicationBody> }>(
    '/portal/applications',
    { config: { auth: { roles: APPLICANT_ROLES } }, schema: { tags, summary: 'File an application for your own company', body: ApplicationBody } },
    async (req, reply) => {
      reply.status(201);
      return fileApplication(ctx, requestActor(req), req.principal!, req.body);
    },
  );
  api.get<{ Querystring: Static<typeof ApplicationQuery> }>(
    '/portal/applications',
    { config: { auth: { roles: APPLICATION_READERS } }, schema: { tags, summary: 'Applications: your company’s; customs all (its review queue)', querystring: ApplicationQuery } },
    async (req) => listPortalApplications(ctx, req.principal!, req.query),
  );
  api.get<{ Params: Static<typeof Id> }>(
    '/portal/applications/:id',
    { config: { auth: { roles: APPLICATION_READERS } }, schema: { tags, summary: 'One application with every step', params: Id } },
    async (req) => portalApplication(ctx, req.principal!, req.params.id),
  );
  api.post<{ Params: Static<typeof Id>; Body: Static<typeof DecisionBody> }>(
    '/portal/applications/:id/decision',
    {
      config: { auth: { roles: APPLICATION_DECIDERS } },
      schema: { tags, summary: 'Take up, approve or reject an application, with a note (customs; a rejection needs one)', params: Id, body: DecisionBody },
    },
    async (req) => decidePortalApplication(ctx, requestActor(req), req.principal!, req.params.id, req.body.decision, req.body.note),
  );

  // Declarations a trader follows.
  api.get('/portal/subscriptions', { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'The declarations you follow' } }, async (req) =>
    listSubscriptions(ctx, req.principal!),
  );
  api.post<{ Body: Static<typeof SubscribeBody> }>(
    '/portal/subscriptions',
    { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'Follow a declaration: be told of changes of its containers', body: SubscribeBody } },
    async (req, reply) => {
      reply.status(201);
      return subscribe(ctx, requestActor(req), req.principal!, req.body.declarationNo);
    },
  );
  api.delete<{ Params: Static<typeof DeclarationParams> }>(
    '/portal/subscriptions/:declarationNo',
    { config: { auth: { roles: FOLLOWERS } }, schema: { tags, summary: 'Stop following a declaration', params: DeclarationParams } },
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
      },
    },
    async (req) => declaredContainerTimeline(ctx, req.principal!, req.params.declarationNo, req.params.containerNo),
  );

  // Fleets.
  api.get('/portal/device-health', { config: { auth: { roles: HEALTH_READERS } }, schema: { tags, summary: 'Your company’s OBUs and seals: battery, seal state, link, last report' } }, async (req) =>
    deviceHealth(ctx, req.principal!),
  );

  // Yards: transport notes.
  api.post(
    '/transport-notes/validate',
    {
      config: { auth: { roles: NOTE_SENDERS } },
      schema: {
        tags: ['transport-notes'],
        summary: 'Check a transport note without storing it (the same rules as POST /transport-notes)',
        description: 'Answers 200 {valid, errors: [{path, message}]}: the shape, identifiers, sender, registry references and seals on another live note.',
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
    { schema: { tags, summary: 'Transport notes you may see, newest first, with the state of the trip carrying each', querystring: NotesQuery } },
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
    { schema: { tags: ['transport-notes'], summary: 'The printable transport note (PDF, with a QR code of its number)', params: CnParams } },
    async (req, reply) => {
      const id = validateCnNo(req.params.cnNo);
      const row = id.ok ? await findNote(ctx.db, id.value) : undefined;
      if (!row || !(await canSeeNote(ctx.db, req.principal!, { cnNo: row.cn_no, senderUbn: row.sender_ubn, origin: row.origin, destination: row.destination }))) {
        throw notFound(`Transport note ${req.params.cnNo}`);
      }
      const view = presentNote(row);
      const pdf = await transportNotePdf(view, await stationNames(ctx.db, [view.note.origin, view.note.destination]));
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="${row.cn_no}.pdf"`);
      return reply.send(pdf);
    },
  );
}
