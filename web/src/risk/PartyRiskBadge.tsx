// A trip's party risk (its driver, vehicle and fleet, from SealWatch's history and the customs
// watchlist) as a badge, for customs; the factors are listed on hover and below the badge.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { has } from '../api/capabilities.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';

interface PartiesRisk {
  level: 'none' | 'low' | 'medium' | 'high';
  parties: { kind: string; id: string; level: string; factors: { code: string; en: string; zhTW: string }[] }[];
}

/** By trip (its vehicle, drivers and fleet) or by plate (a truck at a lane: shown only when at risk). */
export function PartyRiskBadge({ tripId, plate }: { tripId: string; plate?: undefined } | { plate: string; tripId?: undefined }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const customs = !!user?.roles.some((r) => r === 'customs_admin' || r === 'customs_officer');
  const [risk, setRisk] = useState<PartiesRisk | null>(null);
  useEffect(() => {
    if (!customs || !has(tripId ? '/risk/trips/{}' : '/risk/parties')) return;
    let live = true;
    const url = tripId ? `/risk/trips/${encodeURIComponent(tripId)}` : `/risk/parties?plate=${encodeURIComponent(plate ?? '')}`;
    api.get<PartiesRisk>(url).then(
      (r) => live && setRisk(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [tripId, plate, customs]);
  if (!risk || (plate && risk.level === 'none')) return null;
  const factors = risk.parties.flatMap((p) => p.factors.map((f) => `${p.id}: ${lang === 'en' ? f.en : f.zhTW}`));
  return (
    <span className={`risk-badge risk-${risk.level}`} data-testid="party-risk" data-level={risk.level} title={factors.join('\n')}>
      {t(`risk.level.${risk.level}` as MessageKey)}
    </span>
  );
}
