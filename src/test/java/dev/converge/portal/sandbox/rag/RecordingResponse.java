package dev.converge.portal.sandbox.rag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.converge.portal.sandbox.kubernetes.ProxiedResponse;

/** A proxied response that records what a pod server wrote, chunk by chunk. */
final class RecordingResponse implements ProxiedResponse {

    final List<String> chunks = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile int status;
    volatile Map<String, String> headers;
    volatile boolean open = true;
    volatile boolean aborted;

    @Override
    public void start(int status, Map<String, String> headers) {
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void write(String chunk) {
        chunks.add(chunk);
    }

    @Override
    public void end() {
        ended.countDown();
    }

    @Override
    public void abort() {
        aborted = true;
        ended.countDown();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onCancel(Runnable action) {
    }

    String body() {
        return String.join("", chunks);
    }
}
