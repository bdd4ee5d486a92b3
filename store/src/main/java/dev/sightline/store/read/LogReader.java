package dev.sightline.store.read;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.TraceId;

import java.util.List;

public interface LogReader {

    /** Every stored log record of the trace, each once, oldest first (by time, else observed time). */
    List<Scoped<LogRecord>> logsOfTrace(TraceId traceId);
}
