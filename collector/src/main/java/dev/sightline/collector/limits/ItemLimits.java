package dev.sightline.collector.limits;

/**
 * Limits on single items, the same for every tenant.
 *
 * @param maxAttributes     attributes kept per span, event, link and log record; more reject a metric data point
 * @param maxValueLength    characters of a string value (bytes of a bytes value) before it is cut
 * @param maxLogBodyBytes   UTF-8 bytes of a log body before the record is rejected
 */
public record ItemLimits(int maxAttributes, int maxValueLength, int maxLogBodyBytes) {
    public ItemLimits {
        if (maxAttributes < 0 || maxValueLength <= 0 || maxLogBodyBytes <= 0) {
            throw new IllegalArgumentException("item limits must be positive (attributes may be 0): "
                    + maxAttributes + ", " + maxValueLength + ", " + maxLogBodyBytes);
        }
    }
}
