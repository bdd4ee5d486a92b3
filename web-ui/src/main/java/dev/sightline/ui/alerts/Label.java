package dev.sightline.ui.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A label or an annotation: name and value, both shown as text. */
public record Label(String name, String value) {
    static List<Label> of(Map<String, String> map) {
        List<Label> out = new ArrayList<>(map.size());
        map.forEach((k, v) -> out.add(new Label(k, v)));
        return out;
    }
}
