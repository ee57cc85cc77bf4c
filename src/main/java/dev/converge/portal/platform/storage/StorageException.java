package dev.converge.portal.platform.storage;

import org.springframework.context.MessageSourceResolvable;

/**
 * Base of the few failures object storage reports to features. What a user reads is the message key
 * ({@code storage.error.*} in messages.properties) with its arguments: a feature passes the exception itself as a
 * message argument, which Spring resolves. {@link #getMessage()} is the same text in English, for logs and the
 * readiness summary. MinIO's own exceptions never leave this package.
 */
public abstract class StorageException extends RuntimeException implements MessageSourceResolvable {

    private final String code;
    private final transient Object[] arguments;

    protected StorageException(String code, String english, Throwable cause, Object... arguments) {
        super(english, cause);
        this.code = code;
        this.arguments = arguments.clone();
    }

    @Override
    public String[] getCodes() {
        return new String[] {code};
    }

    @Override
    public Object[] getArguments() {
        return arguments.clone();
    }

    @Override
    public String getDefaultMessage() {
        return getMessage();
    }
}
