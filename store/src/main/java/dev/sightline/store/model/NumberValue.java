package dev.sightline.store.model;

/** The value of a number data point or exemplar: OTLP keeps integers and doubles apart, and so do we. */
public sealed interface NumberValue {

    double asDouble();

    record OfLong(long value) implements NumberValue {
        @Override
        public double asDouble() {
            return value;
        }
    }

    record OfDouble(double value) implements NumberValue {
        @Override
        public double asDouble() {
            return value;
        }
    }
}
