package dev.converge.portal.platform.mlflow;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the portal reaches an MLflow tracking server, prefix {@code portal.mlflow}. Credentials come from the
 * environment ({@code PORTAL_MLFLOW_TOKEN}, {@code PORTAL_MLFLOW_USERNAME}/{@code PORTAL_MLFLOW_PASSWORD}) or from
 * files of a mounted Secret ({@code token-file}, {@code password-file}); never from a page or the log.
 *
 * @param trackingUri the server, e.g. {@code http://mlflow:5000}; blank: the sandbox's embedded one, or none
 * @param token a bearer token (Databricks-style personal token or a reverse proxy's)
 * @param tokenFile a file holding the token (a mounted Secret); read at start
 * @param username basic-auth user (MLflow's built-in auth)
 * @param password basic-auth password
 * @param passwordFile a file holding the password (a mounted Secret)
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout the longest any one call may take, connection included: a page never waits longer
 */
@Validated
@ConfigurationProperties(prefix = "portal.mlflow")
public record MlflowProperties(
        String trackingUri,
        String token,
        Path tokenFile,
        String username,
        String password,
        Path passwordFile,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    public MlflowProperties {
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(2));
        readTimeout = positive(readTimeout, Duration.ofSeconds(5));
    }

    public static MlflowProperties of(String trackingUri) {
        return new MlflowProperties(trackingUri, null, null, null, null, null, null, null);
    }

    public MlflowProperties withTimeouts(Duration connect, Duration read) {
        return new MlflowProperties(trackingUri, token, tokenFile, username, password, passwordFile, connect, read);
    }

    public MlflowProperties withToken(String bearer) {
        return new MlflowProperties(trackingUri, bearer, tokenFile, username, password, passwordFile, connectTimeout,
                readTimeout);
    }

    public MlflowProperties withBasic(String user, String secret) {
        return new MlflowProperties(trackingUri, token, tokenFile, user, secret, passwordFile, connectTimeout,
                readTimeout);
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
