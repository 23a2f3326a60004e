package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How one input column becomes one or more network inputs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FeatureEncoder.Standardize.class, name = "standardize"),
        @JsonSubTypes.Type(value = FeatureEncoder.OneHot.class, name = "oneHot")})
public sealed interface FeatureEncoder {
    String column();

    int width();

    /**
     * A numeric column scaled to zero mean and unit variance on the training split; a missing value becomes the
     * training mean (0 after scaling).
     *
     * @param std the training split's population standard deviation (1 when the column is constant)
     */
    record Standardize(String column, double mean, double std) implements FeatureEncoder {
        @Override
        public int width() {
            return 1;
        }

        float encode(double value) {
            return Double.isNaN(value) ? 0f : (float) ((value - mean) / std);
        }
    }

    /** A categorical column as one input per training category; missing and unseen values are all zeros. */
    record OneHot(String column, List<String> categories) implements FeatureEncoder {
        @Override
        public int width() {
            return categories.size();
        }
    }
}
