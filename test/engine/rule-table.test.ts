// The rule table is the one place a rule is registered: every alert type in it is run by the
// engine through exactly one kind of hook list, and a rule missing from it is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALERT_TYPES, CONTAINER_RULES, DEVICE_RULES, deviceRuleSlot, GATE_RULES, SEAL_RULES, TRIP_RULES, tripRuleSlot,
} from '../../src/core/rules/index.ts';
import type { DeviceRule } from '../../src/core/rules/rule.ts';

test('every alert type in the table is run by the engine, as one kind of rule', () => {
  const kinds = new Map<string, string[]>();
  const add = (kind: string, types: readonly { alertType: string }[]) => {
    for (const r of types) kinds.set(r.alertType, [...(kinds.get(r.alertType) ?? []), kind]);
  };
  add('trip', TRIP_RULES);
  add('device', DEVICE_RULES);
  add('seal', SEAL_RULES);
  add('gate', GATE_RULES);
  add('container', CONTAINER_RULES);
  assert.deepEqual(
    ALERT_TYPES.map((t) => [t, kinds.get(t) ?? []]),
    ALERT_TYPES.map((t) => [t, [kinds.get(t)?.[0] ?? 'none']]),
  );
  assert.deepEqual(DEVICE_RULES.map((r) => r.alertType), ['seal_link_lost', 'low_battery']);
  assert.deepEqual(SEAL_RULES.map((r) => r.alertType), ['seal_tamper']);
  assert.deepEqual(GATE_RULES.map((r) => r.alertType), ['gate_mismatch']);
  assert.deepEqual(CONTAINER_RULES.map((r) => r.alertType), ['gate_out_unreleased', 'gate_out_without_cn', 'loaded_unreleased', 'container_conflict']);
});

test('each kind numbers its rules in table order, and a rule not in the table is refused by name', () => {
  assert.deepEqual(TRIP_RULES.map(tripRuleSlot), TRIP_RULES.map((_, i) => i));
  assert.deepEqual(DEVICE_RULES.map(deviceRuleSlot), DEVICE_RULES.map((_, i) => i));
  const stray: DeviceRule<null> = { alertType: 'low_battery', newState: () => null };
  assert.throws(() => deviceRuleSlot(stray), /low_battery is not in the table as a device rule/);
});
