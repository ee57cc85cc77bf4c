package dev.converge.portal.security.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.converge.portal.security.ApiToken;
import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.IssuedToken;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same token operations as the profile page, as JSON for API clients. The token hash is never sent; bad fields
 * come back as the portal's usual problem+json {@code errors}.
 */
@RestController
class TokenApiController {

    private final ApiTokens tokens;

    TokenApiController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(path = "/profile/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ApiToken> list(CurrentUser user) {
        return tokens.list(user);
    }

    @PostMapping(path = "/profile/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedToken> create(CurrentUser user, @Valid @RequestBody TokenForm form) {
        var issued = tokens.create(user, form.name(), form.expiresInDays());
        return ResponseEntity.created(URI.create("/profile/tokens/" + issued.token().id()))
                .body(CreatedToken.of(issued));
    }

    @DeleteMapping("/profile/tokens/{id}")
    ResponseEntity<Void> revoke(CurrentUser user, @PathVariable long id) {
        tokens.revoke(user, id);
        return ResponseEntity.noContent().build();
    }

    /** The answer to a create: the only response that ever carries the token itself. */
    record CreatedToken(long id, String name, String token, String prefix, Instant createdAt, Instant expiresAt) {
        static CreatedToken of(IssuedToken issued) {
            var token = issued.token();
            return new CreatedToken(token.id(), token.name(), issued.plaintext(), token.prefix(), token.createdAt(),
                    token.expiresAt());
        }
    }
}
