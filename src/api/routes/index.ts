// Every resource is one Fastify plugin with its schemas beside its handlers.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform.ts';
import sessionRoutes from './session.ts';
import companyRoutes from './companies.ts';
import userRoutes from './users.ts';
import userLifecycleRoutes from './user-lifecycle.ts';
import apiKeyRoutes from './api-keys.ts';
import auditRoutes from './audit.ts';
import facilityRoutes from './facilities.ts';
import routeRoutes from './routes.ts';
import vehicleRoutes from './vehicles.ts';
import driverRoutes from './drivers.ts';
import deviceRoutes from './devices.ts';
import responsiblePersonRoutes from './responsible-persons.ts';
import transportNoteRoutes from './transport-notes.ts';
import transportNoteUploadRoutes from './transport-note-upload.ts';
import webhookRoutes from './webhooks.ts';
import telemetryRoutes from './telemetry.ts';
import tripRoutes from './trips.ts';
import alertRoutes from './alerts.ts';
import containerRoutes from './containers.ts';
import gateEventRoutes from './gate-events.ts';
import streamRoutes from './stream.ts';
import unsealRoutes from './unseal.ts';
import offlineUnsealRoutes from './offline-unseal.ts';
import unsealKeyRoutes from './unseal-keys.ts';
import fieldRoutes from './field.ts';
import photoRoutes from './photos.ts';
import settingsRoutes from './settings.ts';
import searchRoutes from './search.ts';
import overviewRoutes from './overview.ts';
import quarantineRoutes from './quarantine.ts';
import notificationRoutes from './notifications.ts';
import riskRoutes from './risk.ts';
import reportRoutes from './reports.ts';
import caseRoutes from './cases.ts';
import ticketRoutes from './tickets.ts';
import programmeRoutes from './programme.ts';
import ocrRoutes from './ocr.ts';
import sealReadRoutes from './seal-reads.ts';
import portalRoutes from './portal.ts';
import clearanceRoutes from './clearances.ts';
import yardEventRoutes from './yard-events.ts';
import laneRoutes from './lanes.ts';
import movementRoutes from './movements.ts';
import vehicleHistoryRoutes from './vehicle-history.ts';
import alertProcedureRoutes from './alert-procedures.ts';

export type RoutePlugin = (api: FastifyInstance, ctx: AppContext) => Promise<void> | void;

const plugins: RoutePlugin[] = [sessionRoutes, companyRoutes, userRoutes, userLifecycleRoutes, apiKeyRoutes, auditRoutes, facilityRoutes, routeRoutes, vehicleRoutes, driverRoutes, deviceRoutes, responsiblePersonRoutes, transportNoteRoutes, transportNoteUploadRoutes, webhookRoutes, telemetryRoutes, tripRoutes, alertRoutes, containerRoutes, gateEventRoutes, streamRoutes, unsealRoutes, offlineUnsealRoutes, unsealKeyRoutes, fieldRoutes, photoRoutes, settingsRoutes, searchRoutes, overviewRoutes, quarantineRoutes, notificationRoutes, riskRoutes, reportRoutes, caseRoutes, ticketRoutes, programmeRoutes, ocrRoutes, sealReadRoutes, portalRoutes];
// Container movements, clearance and lanes (CONTRACT section 9).
plugins.push(clearanceRoutes, yardEventRoutes, laneRoutes, movementRoutes);
// A vehicle's history over a date range.
plugins.push(vehicleHistoryRoutes);
// What to do for each alert type, and what an alert's handler needs to hand.
plugins.push(alertProcedureRoutes);

export async function registerRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const plugin of plugins) await api.register(async (scope) => plugin(scope, ctx));
}
