package dev.converge.portal.platform.storage;

import java.io.IOException;
import java.io.InputStream;

/** An object being read: its metadata and a stream the caller must close. */
public record ObjectContent(StoredObject object, InputStream stream) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
