package io.weir.alerting.promql;

import io.weir.monitor.history.Sample;
import java.util.List;

/**
 * The functions over one series' samples in a range, ported from Prometheus 2.42's
 * {@code promql/functions.go} operation by operation, so results agree to the last bit.
 * Each returns NaN-free results or {@code null} when Prometheus drops the series (fewer than two
 * samples for rate-like functions).
 */
final class RangeFunctions {

    private RangeFunctions() {
    }

    /**
     * Prometheus' extrapolatedRate: the increase between first and last sample (with counter
     * resets added back when {@code isCounter}), extrapolated to the range boundaries unless a
     * boundary is more than 1.1 average intervals away (then half an interval), and for counters
     * never before the point where the counter would have been zero.
     */
    static Double extrapolatedRate(List<Sample> samples, long rangeStart, long rangeEnd, long rangeMillis,
            boolean isCounter, boolean isRate) {
        if (samples.size() < 2) {
            return null;
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double result = last.value() - first.value();
        if (isCounter) {
            double previous = first.value();
            for (Sample sample : samples.subList(1, samples.size())) {
                if (sample.value() < previous) {
                    result += previous;
                }
                previous = sample.value();
            }
        }
        double durationToStart = (double) (first.timeMillis() - rangeStart) / 1000;
        double durationToEnd = (double) (rangeEnd - last.timeMillis()) / 1000;
        double sampledInterval = (double) (last.timeMillis() - first.timeMillis()) / 1000;
        double averageDurationBetweenSamples = sampledInterval / (double) (samples.size() - 1);

        if (isCounter && result > 0 && first.value() >= 0) {
            double durationToZero = sampledInterval * (first.value() / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
        double factor = extrapolateToInterval / sampledInterval;
        if (isRate) {
            factor /= goSeconds(rangeMillis);
        }
        return result * factor;
    }

    /** Go's {@code time.Duration.Seconds()}, to divide by exactly the same number. */
    private static double goSeconds(long millis) {
        return (double) (millis / 1000) + (double) ((millis % 1000) * 1_000_000) / 1e9;
    }

    /** Least-squares slope per second; null with fewer than two samples. */
    static Double deriv(List<Sample> samples) {
        if (samples.size() < 2) {
            return null;
        }
        return linearRegression(samples, samples.get(0).timeMillis())[0];
    }

    /** The least-squares line's value {@code seconds} after the evaluation time. */
    static Double predictLinear(List<Sample> samples, long evaluationMillis, double seconds) {
        if (samples.size() < 2) {
            return null;
        }
        double[] line = linearRegression(samples, evaluationMillis);
        return line[0] * seconds + line[1];
    }

    /** Slope and intercept at {@code interceptMillis}, with Kahan-Neumaier sums as in Prometheus. */
    private static double[] linearRegression(List<Sample> samples, long interceptMillis) {
        double n = 0;
        KahanSum sumX = new KahanSum();
        KahanSum sumY = new KahanSum();
        KahanSum sumXY = new KahanSum();
        KahanSum sumX2 = new KahanSum();
        double initY = samples.get(0).value();
        boolean constY = true;
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            if (constY && i > 0 && sample.value() != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (double) (sample.timeMillis() - interceptMillis) / 1e3;
            sumX.add(x);
            sumY.add(sample.value());
            sumXY.add(x * sample.value());
            sumX2.add(x * x);
        }
        if (constY) {
            return Double.isInfinite(initY) ? new double[] {Double.NaN, Double.NaN} : new double[] {0, initY};
        }
        double x = sumX.total();
        double y = sumY.total();
        double covXY = sumXY.total() - x * y / n;
        double varX = sumX2.total() - x * x / n;
        double slope = covXY / varX;
        double intercept = y / n - slope * x / n;
        return new double[] {slope, intercept};
    }

    static double avgOverTime(List<Sample> samples) {
        double mean = 0;
        double count = 0;
        double compensation = 0;
        for (Sample sample : samples) {
            double v = sample.value();
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            double increment = v / count - mean / count;
            double t = mean + increment;
            compensation += Math.abs(mean) >= Math.abs(increment) ? (mean - t) + increment : (increment - t) + mean;
            mean = t;
        }
        return Double.isInfinite(mean) ? mean : mean + compensation;
    }

    static double minOverTime(List<Sample> samples) {
        double min = samples.get(0).value();
        for (Sample sample : samples) {
            if (sample.value() < min || Double.isNaN(min)) {
                min = sample.value();
            }
        }
        return min;
    }

    static double maxOverTime(List<Sample> samples) {
        double max = samples.get(0).value();
        for (Sample sample : samples) {
            if (sample.value() > max || Double.isNaN(max)) {
                max = sample.value();
            }
        }
        return max;
    }

    /** Prometheus' kahanSumInc: Neumaier's variant, the compensation added only at the end. */
    private static final class KahanSum {
        private double sum;
        private double compensation;

        void add(double increment) {
            double t = sum + increment;
            if (Math.abs(sum) >= Math.abs(increment)) {
                compensation += (sum - t) + increment;
            } else {
                compensation += (increment - t) + sum;
            }
            sum = t;
        }

        double total() {
            return sum + compensation;
        }
    }
}
