package dev.converge.portal.security.web;

import dev.converge.portal.security.ApiTokens;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new token's name and optional lifetime, from the profile form or a JSON body. */
record TokenForm(
        @NotBlank(message = "{profile.token.name.required}")
        @Size(max = ApiTokens.MAX_NAME_LENGTH, message = "{profile.token.name.size}")
        String name,
        @Min(value = 1, message = "{profile.token.expiry.range}")
        @Max(value = ApiTokens.MAX_EXPIRY_DAYS, message = "{profile.token.expiry.range}")
        Integer expiresInDays) {

    static TokenForm empty() {
        return new TokenForm("", null);
    }
}
