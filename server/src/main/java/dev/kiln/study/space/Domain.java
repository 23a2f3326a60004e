package dev.kiln.study.space;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Where one parameter of a study's space may lie. Every domain turns a decision (a number: the value, or for a
 * choice the option's index) into the JSON value set at the parameter's path.
 */
public sealed interface Domain {

    /** A decision drawn uniformly (in the domain's own scale: log for {@link LogUniform}). */
    double random(RandomGenerator random);

    /** A decision half-way: what a probe uses for the parameters it is not probing. */
    double middle();

    /** The decisions a probe tries: the ends of a range, every option of a choice. */
    List<Double> extremes();

    /** The JSON value of a decision (a choice's option resolves its nested parameters through {@code nested}). */
    JsonNode value(double decision);

    /** Whether a grid can enumerate the domain. */
    default boolean discrete() {
        return true;
    }

    /** Every decision of a discrete domain, in order. */
    List<Double> all();

    /** Real numbers between {@code low} and {@code high} (inclusive), on multiples of {@code step} from low if given. */
    record Uniform(double low, double high, Double step) implements Domain {
        public double random(RandomGenerator random) {
            return snap(low + random.nextDouble() * (high - low));
        }

        public double middle() {
            return snap((low + high) / 2);
        }

        public List<Double> extremes() {
            return List.of(low, snap(high));
        }

        public JsonNode value(double decision) {
            return JsonNodeFactory.instance.numberNode(decision);
        }

        public boolean discrete() {
            return step != null;
        }

        public List<Double> all() {
            long n = (long) Math.floor((high - low) / step + 1e-9);
            return java.util.stream.LongStream.rangeClosed(0, n).mapToObj(i -> clean(low + i * step)).toList();
        }

        /** The decision moved to the nearest step (never above high). */
        public double snap(double x) {
            if (step == null) {
                return Math.min(high, Math.max(low, x));
            }
            double k = Math.round((x - low) / step);
            double snapped = clean(low + k * step);
            return snapped > high + 1e-12 ? clean(snapped - step) : snapped;
        }

        private static double clean(double x) {
            return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", x));
        }
    }

    /** Positive real numbers between {@code low} and {@code high}, uniform in their logarithm. */
    record LogUniform(double low, double high) implements Domain {
        public double random(RandomGenerator random) {
            return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
        }

        public double middle() {
            return Math.sqrt(low * high);
        }

        public List<Double> extremes() {
            return List.of(low, high);
        }

        public JsonNode value(double decision) {
            return JsonNodeFactory.instance.numberNode(decision);
        }

        public boolean discrete() {
            return false;
        }

        public List<Double> all() {
            throw new IllegalStateException("a logUniform range is not discrete");
        }
    }

    /** Whole numbers from {@code low} to {@code high}, on multiples of {@code step} from low. */
    record IntUniform(long low, long high, long step) implements Domain {
        public double random(RandomGenerator random) {
            return low + step * random.nextLong(count());
        }

        public double middle() {
            return snap((low + high) / 2.0);
        }

        public List<Double> extremes() {
            return List.of((double) low, (double) (low + step * (count() - 1)));
        }

        public JsonNode value(double decision) {
            return JsonNodeFactory.instance.numberNode(Math.round(decision));
        }

        public List<Double> all() {
            return java.util.stream.LongStream.range(0, count()).mapToObj(i -> (double) (low + i * step)).toList();
        }

        public long count() {
            return (high - low) / step + 1;
        }

        public double snap(double x) {
            long k = Math.max(0, Math.min(count() - 1, Math.round((x - low) / step)));
            return low + k * step;
        }
    }

    /**
     * One of {@code options}. An option is a JSON value; an object option may hold parameters of its own (a field whose
     * value is a domain), sampled only when the option is chosen: conditional parameters, such as an optimizer's.
     */
    record Choice(List<Option> options) implements Domain {
        public double random(RandomGenerator random) {
            return random.nextInt(options.size());
        }

        public double middle() {
            return 0;
        }

        public List<Double> extremes() {
            return all();
        }

        public JsonNode value(double decision) {
            return options.get((int) decision).value();
        }

        public List<Double> all() {
            return java.util.stream.IntStream.range(0, options.size()).mapToObj(i -> (double) i).toList();
        }
    }

    /** An option of a choice: its value, the parameters inside it by field name, and its label in parameter keys. */
    record Option(JsonNode value, Map<String, Domain> nested, String label) {}
}
