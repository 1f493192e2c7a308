package io.portcullis.menu;

/** Asks the appliance to stop in order (option 8); the app layer, which owns its life, provides it. */
@FunctionalInterface
public interface Shutdown {

    void request();
}
