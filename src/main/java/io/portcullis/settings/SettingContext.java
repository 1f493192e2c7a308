package io.portcullis.settings;

import java.util.List;

/** What the settings' rules ask of the rest of the appliance: which groups exist, what aux lines mean. */
public interface SettingContext {

    boolean groupExists(String name);

    List<String> groupNames();

    /** The problems of an auxiliary parameters text, each starting with {@code aux-params line N}. */
    List<String> auxProblems(String text);
}
