package io.portcullis.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.portcullis.audit.AuditLog;
import io.portcullis.store.ServiceRepository;
import io.portcullis.store.ServiceRepository.ServiceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service that fails to start at boot, in any way, is reported and leaves the others and the boot alone. */
class StartAutomaticTest {

    @Test
    void anyFailureOfOneServiceIsReportedAndTheNextStillStarts() {
        ServiceRepository repository = mock(ServiceRepository.class);
        when(repository.find("broken")).thenReturn(Optional.of(new ServiceRecord("broken", false, true)));
        when(repository.find("fine")).thenReturn(Optional.of(new ServiceRecord("fine", false, true)));
        List<String> started = new ArrayList<>();
        Services services = new Services(List.of(
                service("broken", () -> {
                    throw new IllegalArgumentException("No enum constant io.portcullis.settings.SftpLogLevel.info");
                }),
                service("fine", () -> started.add("fine"))), repository, mock(AuditLog.class));
        assertThat(services.startAutomatic()).containsExactly("broken");
        assertThat(started).containsExactly("fine");
    }

    private static ManagedService service(String name, Runnable start) {
        return new ManagedService() {
            private boolean running;

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public void start() {
                start.run();
                running = true;
            }

            @Override
            public void stop(boolean disconnect) {
                running = false;
            }

            @Override
            public void restart() {
                start();
            }

            @Override
            public List<String> listeners() {
                return List.of();
            }

            @Override
            public int sessionCount() {
                return 0;
            }

            @Override
            public void shutdown(String message) {
                running = false;
            }
        };
    }
}
