package dev.sightline.collector.redaction;

import dev.sightline.store.model.Signal;

import java.util.ArrayList;
import java.util.List;

/** Remembers every count it is told, in order. */
final class RecordingCounter implements RedactionCounter {

    record Count(Signal signal, RedactionReason reason) {
    }

    final List<Count> counts = new ArrayList<>();

    @Override
    public synchronized void redacted(Signal signal, RedactionReason reason) {
        counts.add(new Count(signal, reason));
    }

    List<RedactionReason> reasons() {
        return counts.stream().map(Count::reason).toList();
    }
}
