package dev.converge.portal.rag.runtime;

/** A document whose text could not be read; its message is recorded on the document and shown to its owners. */
public class DocumentParseException extends Exception {

    public DocumentParseException(String message) {
        super(message);
    }

    public DocumentParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
