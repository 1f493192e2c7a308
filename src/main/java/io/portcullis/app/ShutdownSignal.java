package io.portcullis.app;

import io.portcullis.menu.Shutdown;
import java.util.concurrent.CountDownLatch;
import org.springframework.stereotype.Component;

/** The one request to stop the appliance, from SIGTERM or the local console's Shut down, and its wait. */
@Component
class ShutdownSignal implements Shutdown {

    private final CountDownLatch requested = new CountDownLatch(1);

    @Override
    public void request() {
        requested.countDown();
    }

    void await() {
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
