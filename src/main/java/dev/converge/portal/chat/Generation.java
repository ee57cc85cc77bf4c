package dev.converge.portal.chat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.converge.portal.platform.openai.OpenAiException;
import dev.converge.portal.platform.openai.OpenAiSource;
import dev.converge.portal.platform.openai.OpenAiStream;
import dev.converge.portal.platform.openai.OpenAiStreamListener;
import dev.converge.portal.platform.openai.OpenAiUsage;

/**
 * One answer being generated, independent of any browser: it collects the tokens, tells whoever follows it, and
 * ends by handing the result to {@link ChatGenerations}, which stores it. Followers come and go (a reload follows
 * it again from the text so far).
 */
public final class Generation implements OpenAiStreamListener {

    final String messageId;
    final String sessionId;
    final String owner;
    final String model;
    private final long startedNanos = System.nanoTime();
    private final StringBuilder answer = new StringBuilder();
    /** Where each token ends in {@link #answer}: a follower that comes late gets the tokens so far one by one. */
    private int[] tokenEnds = new int[64];
    private int tokenCount;
    private final List<GenerationListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Ended> outcome = new CompletableFuture<>();
    private final ChatGenerations owners;
    /**
     * Done once the answer's row is in the database: it is written after the request went upstream, and the end is
     * stored (and told) only after it. Never waited for: a stream that ends first hands its end to the writer.
     */
    private final CompletableFuture<Void> row = new CompletableFuture<>();
    private OpenAiStream upstream;
    private List<ChatMessage.Source> sources = List.of();
    private Long firstTokenMs;
    private boolean dirty;
    private boolean ended;

    Generation(String messageId, String sessionId, String owner, String model, ChatGenerations owners) {
        this.messageId = messageId;
        this.sessionId = sessionId;
        this.owner = owner;
        this.model = model;
        this.owners = owners;
    }

    synchronized void upstream(OpenAiStream stream) {
        this.upstream = stream;
        if (ended) {
            stream.cancel();
        }
    }

    /**
     * Follows the answer: the follower first gets the tokens so far, one by one, then each new one. All are handed
     * out under the same lock, so a follower sees each token once, in order, however late it comes. A follower that
     * comes after the end gets the whole text as one token and the end at once.
     */
    public void follow(GenerationListener listener) {
        synchronized (this) {
            if (!ended) {
                for (int i = 0, start = 0; i < tokenCount; start = tokenEnds[i++]) {
                    listener.token(answer.substring(start, tokenEnds[i]));
                }
                listeners.add(listener);
                return;
            }
        }
        // It ended before this follower came (a short answer can end before the client follows it): the follower
        // gets the whole text as one token, then the end, as a follower of a stored answer does.
        outcome.thenAccept(end -> {
            if (!end.message().content().isEmpty()) {
                listener.token(end.message().content());
            }
            listener.finished(end.message(), end.failure());
        });
    }

    public void unfollow(GenerationListener listener) {
        listeners.remove(listener);
    }

    /** The stored answer and, when it was cut, why. */
    public record Ended(ChatMessage message, ChatFailure failure) {
    }

    public CompletableFuture<Ended> outcome() {
        return outcome;
    }

    @Override
    public synchronized void onToken(String text) {
        if (ended) {
            return;
        }
        var first = firstTokenMs == null;
        var arrived = System.nanoTime();
        if (first) {
            firstTokenMs = elapsedMs();
        }
        answer.append(text);
        if (tokenCount == tokenEnds.length) {
            tokenEnds = Arrays.copyOf(tokenEnds, tokenCount * 2);
        }
        tokenEnds[tokenCount++] = answer.length();
        dirty = true;
        for (var listener : listeners) {
            try {
                listener.token(text);
            } catch (RuntimeException e) {
                listeners.remove(listener); // a broken follower must not cut the answer for everyone
            }
        }
        if (first) {
            owners.firstTokenDelivered(System.nanoTime() - arrived);
        }
    }

    @Override
    public synchronized void onSources(List<OpenAiSource> found) {
        sources = found.stream().map(s -> new ChatMessage.Source(s.document(), s.score())).toList();
    }

    @Override
    public void onComplete(OpenAiUsage usage, String finishReason) {
        end(usage, null);
    }

    @Override
    public void onError(OpenAiException error) {
        end(OpenAiUsage.UNKNOWN, owners.failureOf(error));
    }

    /** Stop: the upstream request is cancelled and the answer kept as interrupted. */
    void stop(ChatFailure why) {
        OpenAiStream stream;
        synchronized (this) {
            stream = upstream;
        }
        if (stream != null) {
            stream.cancel();
        }
        end(OpenAiUsage.UNKNOWN, why);
    }

    void rowWritten() {
        row.complete(null);
    }

    /**
     * Waits (a few milliseconds: the row writer writes it just after the request went upstream) until the answer's
     * row is in the database, for a page that is about to be loaded from it.
     */
    public void awaitStored() {
        try {
            row.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the page shows what there is
        }
    }

    /** The text not saved yet, or null when nothing changed since the last save (or there is no row yet). */
    synchronized String unsaved() {
        if (!dirty || ended || !row.isDone()) {
            return null;
        }
        dirty = false;
        return answer.toString();
    }

    private void end(OpenAiUsage usage, ChatFailure failure) {
        String text;
        Long firstToken;
        List<ChatMessage.Source> found;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            text = answer.toString();
            firstToken = firstTokenMs;
            found = sources;
        }
        var totalMs = elapsedMs();
        row.thenRun(() -> ended(text, usage, failure, firstToken, totalMs, found));
    }

    private void ended(String text, OpenAiUsage usage, ChatFailure failure, Long firstToken, long totalMs,
                       List<ChatMessage.Source> found) {
        var message = owners.finished(this, text, usage, failure, firstToken, totalMs, found);
        for (var listener : listeners) {
            try {
                listener.finished(message, failure);
            } catch (RuntimeException e) {
                // a broken follower must not keep the end from the others
            }
        }
        outcome.complete(new Ended(message, failure));
    }

    private long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
