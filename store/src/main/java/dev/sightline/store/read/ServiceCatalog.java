package dev.sightline.store.read;

import java.util.List;

public interface ServiceCatalog {

    /** Every service seen in retained data, by name. */
    List<ServiceInfo> services();
}
