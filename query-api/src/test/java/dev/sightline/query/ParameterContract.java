package dev.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.errors.BadParameterException;
import java.util.function.Supplier;

/** The parameter parsers' contract, shared by the fuzz targets: a value, or a refusal naming the parameter. */
public final class ParameterContract {

    private ParameterContract() {
    }

    /**
     * The parsed value, or null when it was refused with a {@link BadParameterException} naming one of
     * {@code parameters} ({@code |}-separated) and saying why. Any other exception fails the caller.
     */
    public static <T> T parsesOrRefuses(String parameters, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (BadParameterException e) {
            assertThat(parameters.split("\\|")).contains(e.parameter());
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }
}
