// JT/T 808 (2013 and 2019) codec: framing, stream splitting, headers, message bodies, and the
// mapping of location reports to Telemetry.
export * from './errors.ts';
export * from './framing.ts';
export * from './header.ts';
export * from './splitter.ts';
export * from './message-ids.ts';
export * from './message.ts';
export * from './alarms.ts';
export * from './bcd.ts';
export * from './device-id.ts';
export * from './telemetry.ts';
export * from './messages/auth.ts';
export * from './messages/general-reply.ts';
export * from './messages/jointech-location.ts';
export * from './messages/location-batch.ts';
export * from './messages/location-items.ts';
export * from './messages/location.ts';
export * from './messages/register-reply.ts';
export * from './messages/register.ts';
export * from './messages/seal-command.ts';
export * from './messages/vendor-items.ts';
export * from './reassembler.ts';
