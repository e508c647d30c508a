// How well scores pick out fraud: the share of frauds among the top n % of declarations by score
// (what inspecting them would find), and the share of critical frauds that fall within that top.

export interface Scored {
  score: number;
  fraud?: 0 | 1;
  criticalFraud?: 0 | 1 | 2;
}

/** The top ceil(share × n) entries by score, highest first (ties keep their order). */
export function top<T extends { score: number }>(rows: T[], share: number): T[] {
  const k = Math.max(1, Math.ceil(rows.length * share));
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
    .slice(0, k)
    .map((e) => e.r);
}

/** The share of frauds among the top `share` of declarations by score. */
export function precisionAtTop(rows: Scored[], share: number): number {
  const t = top(rows.filter((r) => r.fraud !== undefined), share);
  return t.length ? t.filter((r) => r.fraud === 1).length / t.length : 0;
}

/** The share of all critical frauds found within the top `share` by score. */
export function criticalRecallAtTop(rows: Scored[], share: number): number {
  const all = rows.filter((r) => r.criticalFraud === 2).length;
  if (all === 0) return 0;
  return top(rows, share).filter((r) => r.criticalFraud === 2).length / all;
}

/** The share of all frauds found within the top `share` by score. */
export function recallAtTop(rows: Scored[], share: number): number {
  const all = rows.filter((r) => r.fraud === 1).length;
  if (all === 0) return 0;
  return top(rows, share).filter((r) => r.fraud === 1).length / all;
}

/** Area under the ROC curve (rank statistic; ties count half). */
export function auc(rows: Scored[]): number {
  const r = rows.filter((x) => x.fraud !== undefined).sort((a, b) => a.score - b.score);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < r.length; ) {
    let j = i;
    while (j < r.length && r[j].score === r[i].score) j++;
    const avgRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (r[k].fraud === 1) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j;
  }
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0.5;
}
