/**
 * Temperature scaling (Guo et al., 2017) for a two-class detector: one scalar T > 0 that divides
 * the logit difference z before the logistic, fitted by minimising the negative log-likelihood on a
 * calibration split. It changes confidence, never the ranking (AUROC is unchanged).
 */
import { EvalInputError } from './errors.ts';

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** log(1 + e^x) without overflow. */
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Mean negative log-likelihood of labels under p = σ(z / T). */
export function nll(logits: ArrayLike<number>, labels: ArrayLike<number>, temperature: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i]! / temperature;
    // −log σ(x) = softplus(−x); −log(1 − σ(x)) = softplus(x)
    sum += labels[i] === 1 ? softplus(-x) : softplus(x);
  }
  return sum / logits.length;
}

/**
 * The logit difference z = T₀ · log(p / (1 − p)) that produced p(fake) = p at the installed
 * temperature T₀. p is clipped to [1e-7, 1 − 1e-7] (float32 softmax saturates there), so |z| is
 * bounded by about 16·T₀.
 */
export function logitFromProbability(p: number, temperature: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return temperature * Math.log(q / (1 - q));
}

/** Temperature in [0.01, 100] minimising the NLL (golden-section search on log T; the NLL is convex in 1/T). */
export function fitTemperature(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
): { temperature: number; nllBefore: number; nllAfter: number } {
  if (logits.length !== labels.length) throw new EvalInputError('logits and labels differ in length');
  let fakes = 0;
  for (let i = 0; i < labels.length; i++) fakes += labels[i]!;
  if (fakes === 0 || fakes === labels.length) {
    throw new EvalInputError(
      `temperature scaling needs both classes: ${fakes} fake and ${labels.length - fakes} real items`,
    );
  }
  const f = (u: number) => nll(logits, labels, Math.exp(u));
  let a = Math.log(0.01);
  let b = Math.log(100);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let k = 0; k < 200 && b - a > 1e-10; k++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const temperature = Math.exp((a + b) / 2);
  return { temperature, nllBefore: nll(logits, labels, 1), nllAfter: nll(logits, labels, temperature) };
}

/** p(fake) = σ(z / T). */
export function calibratedProbability(logit: number, temperature: number): number {
  return sigmoid(logit / temperature);
}
