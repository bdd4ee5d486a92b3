package dev.sightline.query.metrics;

import java.util.List;

/**
 * How full a service's resources are: one signal per OpenTelemetry semantic-convention metric the service sends
 * (see {@link ServiceSaturation}), and {@code noData} when it sends none of them.
 */
public record Saturation(List<SaturationSignal> signals, boolean noData) {
    public Saturation {
        signals = List.copyOf(signals);
    }

    public static Saturation of(List<SaturationSignal> signals) {
        return new Saturation(signals, signals.isEmpty());
    }
}
