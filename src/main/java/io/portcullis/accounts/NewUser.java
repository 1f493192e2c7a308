package io.portcullis.accounts;

import java.util.List;
import java.util.Optional;

/** The fields of a user about to be stored; validated by {@link AccountRules} before it gets here. */
public record NewUser(
        String username,
        String fullName,
        int uid,
        long primaryGroupId,
        List<Long> auxiliaryGroupIds,
        String home,
        String homeMode,
        String shell,
        Optional<String> passwordHash,
        boolean passwordDisabled,
        boolean locked,
        String email) {
}
