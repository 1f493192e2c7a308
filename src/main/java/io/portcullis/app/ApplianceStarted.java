package io.portcullis.app;

/**
 * Published once the boot steps are done and the automatic services are started, so that what runs
 * beside the services (the local console menu) sees a complete appliance.
 */
public record ApplianceStarted(Appliance.Launch launch) {
}
