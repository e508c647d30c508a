// Why a declaration scored as it did, in words an officer understands. The model's per-feature
// contributions are summed by factor (an importer's rate, how often it was seen and its critical
// rate are one factor: the importer), the factors that raised the score most are named, and each
// is said with the fact behind it, in Traditional Chinese and English:
// "進口人過往違規率 34%（41 件）" / "importer's past fraud rate 34 % (41 declarations)".
import type { Declaration } from './declarations.ts';
import { ASPECTS, FEATURE_NAMES, logUnitPrice, type History } from './features.ts';

export interface Reason {
  /** The factor: an aspect name (importer, hs6, ...) or taxRate, mass, price, unitPrice. */
  factor: string;
  /** Its share of the score's log-odds (positive raises the risk). */
  weight: number;
  en: string;
  zhTW: string;
}

const LABELS: Record<string, [en: string, zh: string]> = {
  importer: ['importer', '進口人'],
  declarant: ['declarant', '報關人'],
  seller: ['seller', '賣方'],
  courier: ['courier', '快遞業者'],
  hs6: ['HS code {hs6}', '貨品號列 {hs6}'],
  hs4: ['HS heading {hs4}', '貨品節 {hs4}'],
  hs2: ['HS chapter {hs2}', '貨品章 {hs2}'],
  origin: ['origin {origin}', '原產國 {origin}'],
  departure: ['departure country {departure}', '起運國 {departure}'],
  route: ['route {departure} → {origin}', '起運國→原產國 {departure}→{origin}'],
  office: ['customs office {office}', '關別 {office}'],
  importType: ['import type {importType}', '進口類別 {importType}'],
  importUse: ['import use {importUse}', '進口用途 {importUse}'],
  paymentType: ['payment type {paymentType}', '付款方式 {paymentType}'],
  transport: ['transport mode {transport}', '運輸方式 {transport}'],
  taxType: ['tax type {taxType}', '稅別 {taxType}'],
  originIndicator: ['origin marking {originIndicator}', '原產地標示 {originIndicator}'],
  importerHs6: ['this importer with HS {hs6}', '此進口人申報號列 {hs6}'],
  sellerImporter: ['this seller–importer pair', '此賣方與進口人組合'],
  declarantImporter: ['this declarant–importer pair', '此報關人與進口人組合'],
  hs6Origin: ['HS {hs6} from {origin}', '號列 {hs6} 自 {origin}'],
  officeImporter: ['this importer at office {office}', '此進口人於關別 {office}'],
};

/** The factor a feature belongs to. */
export function factorOf(feature: string): string {
  const colon = feature.indexOf(':');
  if (colon > 0) return feature.slice(colon + 1);
  if (feature === 'logMass') return 'mass';
  if (feature === 'logPrice') return 'price';
  if (feature === 'logUnitPrice' || feature === 'unitPriceZ') return 'unitPrice';
  return feature;
}

const pct = (x: number) => (x * 100 >= 10 ? Math.round(x * 100).toString() : (Math.round(x * 1000) / 10).toString());
const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 100) / 100));

function fill(s: string, d: Declaration): string {
  const vars: Record<string, string> = {
    hs6: d.hs6,
    hs4: d.hs6.slice(0, 4),
    hs2: d.hs6.slice(0, 2),
    origin: d.originCountry || '?',
    departure: d.departureCountry || '?',
    office: d.officeId || '?',
    importType: d.importType,
    importUse: d.importUse,
    paymentType: d.paymentType,
    transport: d.transportMode,
    taxType: d.taxType,
    originIndicator: d.originIndicator,
  };
  return s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
}

/** The words for one factor of one declaration. */
export function phrase(h: History, d: Declaration, factor: string): { en: string; zhTW: string } {
  const aspect = ASPECTS.find((a) => a.name === factor);
  if (aspect) {
    const [en, zh] = LABELS[factor].map((s) => fill(s, d));
    const key = aspect.key(d);
    if (key === '' && (factor === 'seller' || factor === 'courier')) {
      return factor === 'seller' ? { en: 'no seller named', zhTW: '未申報賣方' } : { en: 'no courier', zhTW: '非快遞貨物' };
    }
    const e = h.tables[factor].get(key);
    if (!e || e[0] === 0) {
      return { en: `${en}: no past declarations`, zhTW: `${zh}：無過往申報紀錄` };
    }
    const critical = aspect.critical && e[2] > 0 ? { en: `, ${e[2]} critical`, zh: `，其中重大 ${e[2]} 件` } : { en: '', zh: '' };
    return {
      en: `${en}'s past fraud rate ${pct(e[1] / e[0])} % (${e[0]} declaration${e[0] === 1 ? '' : 's'}${critical.en})`,
      zhTW: `${zh}過往違規率 ${pct(e[1] / e[0])}%（${e[0]} 件${critical.zh}）`,
    };
  }
  switch (factor) {
    case 'unitPrice': {
      const u = logUnitPrice(d);
      for (const [k, label] of [[d.hs6, d.hs6], [`hs4:${d.hs6.slice(0, 4)}`, d.hs6.slice(0, 4)]]) {
        const e = h.unitValue[k];
        if (!e || e[0] < 5 || Number.isNaN(u)) continue;
        const ratio = Math.exp(u - e[1] / e[0]);
        if (ratio < 1) return { en: `price per kg ${fmt(1 / ratio)}× below the usual for HS ${label}`, zhTW: `每公斤單價低於號列 ${label} 常見值 ${fmt(1 / ratio)} 倍` };
        return { en: `price per kg ${fmt(ratio)}× above the usual for HS ${label}`, zhTW: `每公斤單價高於號列 ${label} 常見值 ${fmt(ratio)} 倍` };
      }
      return { en: `price per kg ${fmt((d.itemPrice || 0) / Math.max(d.netMass || 0, 0.1))}, HS ${d.hs6} rarely seen`, zhTW: `每公斤單價 ${fmt((d.itemPrice || 0) / Math.max(d.netMass || 0, 0.1))}，號列 ${d.hs6} 少見` };
    }
    case 'taxRate':
      return { en: `tax rate ${fmt(d.taxRate)} %`, zhTW: `稅率 ${fmt(d.taxRate)}%` };
    case 'mass':
      return { en: `net mass ${fmt(d.netMass)} kg`, zhTW: `淨重 ${fmt(d.netMass)} 公斤` };
    case 'price':
      return { en: `declared price ${fmt(d.itemPrice)}`, zhTW: `申報價格 ${fmt(d.itemPrice)}` };
    default:
      return { en: factor, zhTW: factor };
  }
}

/**
 * The top factors of a score: those that raised it most; when none raised it, those that lowered
 * it most (a low score is explained too).
 */
export function explain(h: History, d: Declaration, _x: Float64Array, contrib: Float64Array, max: number): Reason[] {
  const byFactor = new Map<string, number>();
  FEATURE_NAMES.forEach((f, i) => {
    const k = factorOf(f);
    byFactor.set(k, (byFactor.get(k) ?? 0) + contrib[i]);
  });
  const all = [...byFactor].filter(([, w]) => w !== 0);
  const up = all.filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]);
  const chosen = up.length ? up.slice(0, max) : all.sort((a, b) => a[1] - b[1]).slice(0, max);
  return chosen.map(([factor, weight]) => ({ factor, weight, ...phrase(h, d, factor) }));
}
