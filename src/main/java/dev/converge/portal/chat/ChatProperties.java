package dev.converge.portal.chat;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The chat manager's settings ({@code portal.chat.*}, see the README): how models in the cluster are reached, the
 * context sent to a model, the limits per user, the timeouts of a model call and the external endpoints admins
 * grant to teams. An endpoint's API key comes from the environment or a mounted Secret and is never shown or logged.
 */
@Validated
@ConfigurationProperties(prefix = "portal.chat")
public record ChatProperties(
        @DefaultValue("auto") @Pattern(regexp = "auto|direct|api-proxy") String access,
        @DefaultValue("4096") @Min(256) int contextTokens,
        @DefaultValue("32000") @Min(1) int maxMessageChars,
        @DefaultValue("20") @Min(1) int requestsPerMinute,
        @DefaultValue("2") @Min(1) int concurrentStreams,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration firstTokenTimeout,
        @DefaultValue("30s") Duration betweenTokensTimeout,
        @DefaultValue("1s") Duration saveEvery,
        @DefaultValue List<@Valid Endpoint> endpoints) {

    /** An OpenAI-compatible server outside the cluster, e.g. a local vLLM or Ollama, granted to some teams. */
    public record Endpoint(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String id, String name,
                           @NotBlank String baseUrl, @NotBlank String model, String apiKey,
                           @DefaultValue List<String> teams) {

        public String displayName() {
            return name == null || name.isBlank() ? id : name;
        }

        @Override
        public String toString() {
            return "Endpoint[" + id + " " + baseUrl + " model=" + model + " teams=" + teams + "]";
        }
    }
}
