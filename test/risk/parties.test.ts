import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessParty, maxLevel, type PartyFacts } from '../../src/risk/parties.ts';

const facts = (over: Partial<PartyFacts>): PartyFacts => ({ kind: 'vehicle', id: 'KNA6001', alerts: [], events: [], trips: 10, watchlist: [], ...over });

describe('party risk (pure)', () => {
  it('has no level without history', () => {
    assert.equal(assessParty(facts({})).level, 'none');
  });

  it('weighs alerts by type and by how they were resolved', () => {
    const falseAlarms = assessParty(facts({ alerts: [{ type: 'seal_tamper', resolution: 'false_alarm', count: 5 }] }));
    assert.equal(falseAlarms.level, 'none', 'false alarms count for nothing');
    const police = assessParty(facts({ alerts: [{ type: 'seal_tamper', resolution: 'referred_to_police', count: 1 }] }));
    assert.equal(police.score, 9);
    assert.equal(police.level, 'high');
    assert.equal(police.factors[0].en, '1 seal tampering alert (1 referred to police)');
    assert.equal(police.factors[0].zhTW, '封條異常警示 1 次（移送警察/檢察機關 1）');
    const late = assessParty(facts({ alerts: [{ type: 'overdue', resolution: 'unresolved', count: 3 }] }));
    assert.equal(late.level, 'low');
  });

  it('scores a company per 20 trips', () => {
    const alerts = [{ type: 'route_deviation', resolution: 'unresolved', count: 4 }];
    assert.equal(assessParty(facts({ kind: 'company', trips: 10, alerts })).level, 'high');
    assert.equal(assessParty(facts({ kind: 'company', trips: 400, alerts })).level, 'none');
  });

  it('takes the watchlist level as a floor, named first', () => {
    const r = assessParty(facts({
      alerts: [{ type: 'overdue', resolution: 'unresolved', count: 2 }],
      watchlist: [{ id: 1, kind: 'vehicle', partyId: 'KNA6001', level: 'medium', reason: 'tip-off', until: null, createdBy: 'x', createdAt: '' }],
    }));
    assert.equal(r.level, 'medium');
    assert.equal(r.factors[0].code, 'watchlist');
    assert.equal(maxLevel(['low', 'high', 'none']), 'high');
  });
});
