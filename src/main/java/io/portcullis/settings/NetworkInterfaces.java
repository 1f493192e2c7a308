package io.portcullis.settings;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The machine's network interfaces, which Bind Interfaces names. */
public final class NetworkInterfaces {

    private NetworkInterfaces() {
    }

    public static boolean exists(String name) {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** By name; throws {@link SocketException} when the machine cannot list them. */
    public static List<NetworkInterface> all() throws SocketException {
        List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
        all.sort(Comparator.comparing(NetworkInterface::getName));
        return all;
    }

    /** Their names, or none when they cannot be listed (for completion). */
    public static List<String> names() {
        try {
            return all().stream().map(NetworkInterface::getName).toList();
        } catch (SocketException e) {
            return List.of();
        }
    }
}
