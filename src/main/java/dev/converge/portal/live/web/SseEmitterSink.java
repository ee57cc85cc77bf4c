package dev.converge.portal.live.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.converge.portal.live.EventSink;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes the hub's ready-made SSE frames through an {@link SseEmitter} as they are, instead of letting the emitter
 * format every event again for every client.
 */
final class SseEmitterSink implements EventSink {

    private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final SseEmitter emitter;

    SseEmitterSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(String frames) throws IOException {
        emitter.send(Set.of(new DataWithMediaType(frames, TEXT_UTF8)));
    }

    @Override
    public void complete() {
        try {
            emitter.complete();
        }
        catch (RuntimeException alreadyCompleted) {
            // the container ended the request first
        }
    }

    @Override
    public void onTermination(Runnable callback) {
        emitter.onCompletion(callback);
        emitter.onError(error -> callback.run());
        emitter.onTimeout(() -> {
            callback.run();
            complete();
        });
    }
}
