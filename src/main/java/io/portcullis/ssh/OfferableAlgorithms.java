package io.portcullis.ssh;

import io.portcullis.settings.sshdconfig.AuxParametersParser.SupportedAlgorithms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The algorithm names the server can offer, given to the settings' rules (which sit below this package):
 * an auxiliary parameters line naming one it cannot is refused when it is saved, not when the service starts.
 */
@Configuration(proxyBeanMethods = false)
class OfferableAlgorithms {

    @Bean
    SupportedAlgorithms supportedAlgorithms() {
        return Algorithms.SUPPORTED;
    }
}
