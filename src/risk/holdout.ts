// How a model's settings do on later declarations: learned on the earliest 85 % by date, judged
// on the latest 15 %: the metrics stored with every model.
import { labelled, type Declaration } from './declarations.ts';
import { auc, criticalRecallAtTop, precisionAtTop, type Scored } from './metrics.ts';
import { scoresOnly, trainRiskModel, type TrainOptions } from './model.ts';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function holdoutMetrics(ds: Declaration[], opt: TrainOptions) {
  const sorted = labelled(ds).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const cut = Math.floor(sorted.length * 0.85);
  const learn = sorted.slice(0, cut);
  const judge = sorted.slice(cut);
  if (learn.length < 10 || judge.length < 10) return null;
  const model = trainRiskModel(learn, opt);
  const s = scoresOnly(model, judge);
  const rows: Scored[] = judge.map((d, i) => ({ score: s[i], fraud: d.fraud, criticalFraud: d.criticalFraud }));
  return {
    judgedFrom: judge[0].date,
    judgedTo: judge[judge.length - 1].date,
    declarations: judge.length,
    precisionTop5: round3(precisionAtTop(rows, 0.05)),
    precisionTop10: round3(precisionAtTop(rows, 0.1)),
    criticalRecallTop10: round3(criticalRecallAtTop(rows, 0.1)),
    auc: round3(auc(rows)),
  };
}

