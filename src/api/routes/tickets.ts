// The customer-service desk: anyone signed in raises a ticket (linked to a CN, a trip or a
// company) and follows it; the desk (customs, 08:00–20:00) and the monitoring centre after hours
// take, assign and resolve them.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createTicket, getTicket, listTickets, PRIORITIES, TICKET_CATEGORIES, TICKET_STATUSES, updateTicket, type NewTicket, type TicketChange } from '../../desk/tickets.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';

const tags = ['service desk'];
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
type Params = Static<typeof Params>;
const CreateBody = Type.Object(
  {
    category: Type.String({ enum: [...TICKET_CATEGORIES] }),
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 8000 }),
    priority: Type.Optional(Type.String({ enum: [...PRIORITIES] })),
    cnNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    tripId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    companyUbn: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    queue: Type.Optional(Type.String({ enum: ['desk', 'monitoring'] })),
    status: Type.Optional(Type.String({ enum: [...TICKET_STATUSES] })),
    limit: Type.Optional(Limit(500, 100)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
const ChangeBody = Type.Object(
  {
    status: Type.Optional(Type.String({ enum: [...TICKET_STATUSES] })),
    assignee: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    queue: Type.Optional(Type.String({ enum: ['desk', 'monitoring'] })),
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: 8000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Ticket = Type.Object({
  id: Type.String(),
  category: Type.String({ enum: [...TICKET_CATEGORIES] }),
  subject: Type.String(),
  body: Type.String(),
  cnNo: Nullable(Type.String()),
  tripId: Nullable(Type.String()),
  companyUbn: Nullable(Type.String()),
  reporterId: Type.String(),
  reporterCompany: Type.String({ description: "The reporter's company (UBN): it follows the ticket too" }),
  queue: Type.String({ enum: ['desk', 'monitoring'], description: 'The desk in its hours, the monitoring centre after them' }),
  assignee: Nullable(Type.String()),
  status: Type.String({ enum: [...TICKET_STATUSES] }),
  priority: Type.String({ enum: [...PRIORITIES] }),
  slaDueAt: Timestamp({ description: 'When it should be resolved by (its category and priority)' }),
  overdue: Type.Boolean({ description: 'Open or in progress past slaDueAt' }),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  resolvedAt: Nullable(Timestamp()),
});
const TicketWithHistory = Type.Composite([
  Ticket,
  Type.Object({
    history: Type.Array(
      Type.Object({
        at: Timestamp(),
        actor: Type.String(),
        kind: Type.String({ enum: ['created', 'status', 'assigned', 'queue', 'comment'] }),
        data: Nullable(Type.Object({}, { additionalProperties: true, description: 'What changed; differs by kind' })),
      }),
    ),
  }),
]);

export default async function ticketRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof ListQuery> }>('/tickets', { schema: { tags, summary: 'Tickets (customs: all; others: their company’s)', querystring: ListQuery, response: { 200: Type.Array(Ticket) } } }, (req) =>
    listTickets(ctx.db, req.principal!, { ...req.query, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );
  api.post<{ Body: Static<typeof CreateBody> }>('/tickets', { schema: { tags, summary: 'Raise a ticket; it goes to the desk in its hours, else to the monitoring centre', body: CreateBody, response: { 201: Ticket } } }, async (req, reply) =>
    reply.code(201).send(await createTicket(ctx, req.principal!, requestActor(req), req.body as NewTicket)),
  );
  api.get<{ Params: Params }>('/tickets/:id', { schema: { tags, summary: 'A ticket and its history', params: Params, response: { 200: TicketWithHistory } } }, (req) => getTicket(ctx.db, req.principal!, req.params.id));
  api.patch<{ Params: Params; Body: Static<typeof ChangeBody> }>(
    '/tickets/:id',
    { schema: { tags, summary: 'Change a ticket: status, assignee, queue (the desk), or a comment (also the reporter’s company)', params: Params, body: ChangeBody, response: { 200: Ticket } } },
    (req) => updateTicket(ctx, req.principal!, requestActor(req), req.params.id, req.body as TicketChange),
  );
}
