package dev.sightline.query.signals;

import java.util.List;

/** A service's golden signals over a window, in total and per operation (busiest first). */
public record ServiceSignals(Signals total, List<Signals> operations) {
    public ServiceSignals {
        operations = List.copyOf(operations);
    }
}
