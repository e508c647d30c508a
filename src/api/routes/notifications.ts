// A person's notifications: e-mail and Web Push, their own rules, their browsers' subscriptions.
// Everyone may have them; each person sees and changes only their own.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ALERT_TYPES } from '../../core/types.ts';
import { NOTIFICATION_KINDS } from '../../notifications/events.ts';
import { EMAIL_PATTERN } from '../../notifications/mailer.ts';
import {
  listSubscriptions, preferencesOf, savePreferences, subscribe, unsubscribe,
} from '../../notifications/preferences.ts';
import { CHANNELS, MAX_RULES, SEVERITIES } from '../../notifications/rules.ts';
import { vapidKeys } from '../../notifications/vapid.ts';
import { allowedNetworks } from '../../webhooks/destination.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const tags = ['notifications'];
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Rule = Type.Object(
  {
    kind: literals(NOTIFICATION_KINDS),
    channels: Type.Array(literals(CHANNELS), { minItems: 1, uniqueItems: true }),
    alertTypes: Type.Optional(Type.Array(literals(ALERT_TYPES), { uniqueItems: true, description: 'Alerts only; absent or empty: every type' })),
    severities: Type.Optional(Type.Array(literals(SEVERITIES), { uniqueItems: true, description: 'Alerts only; absent or empty: every severity' })),
    ownTripsOnly: Type.Optional(
      Type.Boolean({ description: "Alerts only: trips of your company's vehicles or of CNs it sent, not those merely to its facilities" }),
    ),
  },
  { additionalProperties: false },
);

const PreferencesBody = Type.Object(
  {
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254, pattern: EMAIL_PATTERN }), Type.Null()], { description: 'Where mail goes; null: no mail' })),
    rules: Type.Optional(
      Type.Union([Type.Array(Rule, { maxItems: MAX_RULES }), Type.Null()], {
        description: "What you want to hear of; an empty list: nothing; null or absent: your role's defaults",
      }),
    ),
  },
  { additionalProperties: false },
);

const SubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ minLength: 10, maxLength: 2000, description: "PushSubscription.endpoint: the browser's push service address" }),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 80, maxLength: 100 }),
        auth: Type.String({ minLength: 16, maxLength: 50 }),
      },
      { additionalProperties: false },
    ),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

const PreferencesSchema = Type.Object({
  email: Nullable(Type.String({ description: 'Where mail goes; null: no mail' })),
  rules: Type.Array(Rule, { description: 'Your rules, or your role’s defaults' }),
  defaultRules: Type.Boolean({ description: 'The rules are your role’s defaults: you have saved none' }),
});
const PreferencesAnswer = Type.Composite([
  PreferencesSchema,
  Type.Object({
    mailEnabled: Type.Boolean({ description: 'The platform can send mail (SMTP_URL is set)' }),
    throttle: Type.Object({
      immediatePerWindow: Type.Integer({ description: 'Messages sent at once in a window; the rest arrive as one digest' }),
      digestWindowSeconds: Type.Number(),
    }),
  }),
]);
const PushSubscriptionSchema = Type.Object({
  id: Type.String(),
  endpoint: Type.String(),
  userAgent: Type.Optional(Type.String({ description: 'The browser that subscribed' })),
  createdAt: Timestamp(),
  lastSuccessAt: Type.Optional(Timestamp({ description: 'The last push the service accepted' })),
  lastError: Type.Optional(Type.String()),
});

export default async function notificationRoutes(api: FastifyInstance, ctx: AppContext) {
  const allowed = allowedNetworks(ctx.config.webhooks.allowedNetworks);

  api.get(
    '/notifications/push/key',
    {
      schema: {
        tags,
        summary: "The platform's Web Push (VAPID) public key, for PushManager.subscribe",
        response: { 200: Type.Object({ publicKey: Type.String({ description: 'applicationServerKey, base64url' }) }) },
      },
    },
    async () => ({ publicKey: vapidKeys(ctx.config.notifications, ctx.config.dataDir).publicKey }),
  );

  api.get(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Your notification rules and e-mail address (your role’s defaults until you save your own)',
        response: { 200: PreferencesAnswer },
      },
    },
    async (req) => ({
      ...(await preferencesOf(ctx.db, req.principal!)),
      mailEnabled: !!ctx.config.mail.smtpUrl,
      throttle: { immediatePerWindow: ctx.config.notifications.immediatePerWindow, digestWindowSeconds: ctx.config.notifications.digestWindowMs / 1000 },
    }),
  );

  api.put<{ Body: Static<typeof PreferencesBody> }>(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Set your notification rules and e-mail address',
        description:
          'Each rule names an event kind (alert, application_decided, declaration_changed) and channels (email, push); alert rules may ' +
          'narrow to types, severities and your own trips. You are told only of what you may see. Past the first few messages in a ' +
          'window (NOTIFY_IMMEDIATE, NOTIFY_DIGEST_WINDOW_S) the rest arrive as one digest per window.',
        body: PreferencesBody,
        response: { 200: PreferencesSchema },
      },
    },
    async (req) => savePreferences(ctx.db, requestActor(req), req.principal!, req.body),
  );

  api.get(
    '/notifications/push/subscriptions',
    { schema: { tags, summary: 'Your browsers subscribed to push', response: { 200: Type.Array(PushSubscriptionSchema) } } },
    async (req) => listSubscriptions(ctx.db, req.principal!),
  );

  api.post<{ Body: Static<typeof SubscriptionBody> }>(
    '/notifications/push/subscriptions',
    {
      schema: {
        tags,
        summary: "Subscribe this browser to push (the PushSubscription's JSON): 201 new, 200 a browser already subscribed",
        body: SubscriptionBody,
        response: { 200: PushSubscriptionSchema, 201: PushSubscriptionSchema },
      },
    },
    async (req, reply) => {
      const r = await subscribe(ctx.db, requestActor(req), req.principal!, req.body, allowed, req.headers['user-agent']);
      reply.status(r.created ? 201 : 200);
      return r.subscription;
    },
  );

  api.delete<{ Params: Static<typeof Params> }>(
    '/notifications/push/subscriptions/:id',
    { schema: { tags, summary: 'Unsubscribe a browser of yours', params: Params, response: { 204: { description: 'Unsubscribed', type: 'null' } } } },
    async (req, reply) => {
      await unsubscribe(ctx.db, requestActor(req), req.principal!, req.params.id);
      reply.status(204);
    },
  );
}
