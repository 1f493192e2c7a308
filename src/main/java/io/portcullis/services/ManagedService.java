package io.portcullis.services;

import java.util.List;

/** A service of the appliance (SPEC §2). The SSH service is the one every appliance has. */
public interface ManagedService {

    String name();

    boolean isRunning();

    /** Validates the stored configuration first; throws {@link ServiceException} listing every problem. */
    void start();

    /** Stops accepting; established sessions go on unless {@code disconnect}. */
    void stop(boolean disconnect);

    /** Applies the saved configuration to new connections; established sessions go on. */
    void restart();

    /** Where the service listens now, e.g. {@code 0.0.0.0:2222}. */
    List<String> listeners();

    int sessionCount();

    /** Lines worth showing in {@code services list} beyond the columns (e.g. who shells run as). */
    default List<String> notes() {
        return List.of();
    }

    /** What the running service cannot do as configured (it runs without it); shown after start and restart. */
    default List<String> warnings() {
        return List.of();
    }

    /** At appliance shutdown: stop everything, telling connected clients why. */
    void shutdown(String message);
}
