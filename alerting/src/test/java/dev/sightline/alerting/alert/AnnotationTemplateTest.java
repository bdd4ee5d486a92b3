package dev.sightline.alerting.alert;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationTemplateTest {

    @Test
    void rendersLabelsValueAndPercentages() {
        Map<String, String> labels = Map.of("service", "checkout", "operation", "POST /pay");
        assertThat(AnnotationTemplate.render("{{ $labels.service }} {{$labels.operation}} at {{ $value }}",
                labels, 0.0523)).isEqualTo("checkout POST /pay at 0.0523");
        assertThat(AnnotationTemplate.render("{{ .Labels.service }} fails {{ $value | humanizePercentage }}",
                labels, 0.0523)).isEqualTo("checkout fails 5.23%");
        assertThat(AnnotationTemplate.render("missing: '{{ $labels.nope }}'", labels, 1)).isEqualTo("missing: ''");
    }

    @Test
    void leavesWhatItDoesNotUnderstandAndQuotesReplacements() {
        assertThat(AnnotationTemplate.render("{{ range .Alerts }}x{{ end }}", Map.of(), 1))
                .isEqualTo("{{ range .Alerts }}x{{ end }}");
        assertThat(AnnotationTemplate.render("{{ $labels.s }}", Map.of("s", "$1\\"), 1)).isEqualTo("$1\\");
    }

    @Test
    void formatsNumbersReadably() {
        assertThat(AnnotationTemplate.format(14.4)).isEqualTo("14.4");
        assertThat(AnnotationTemplate.format(1250)).isEqualTo("1250");
        assertThat(AnnotationTemplate.format(2.0 / 3)).isEqualTo("0.6667");
        assertThat(AnnotationTemplate.format(1e-7)).isEqualTo("1.000e-07");
    }
}
