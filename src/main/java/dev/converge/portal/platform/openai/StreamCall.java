package dev.converge.portal.platform.openai;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * One streamed answer: takes the response body's lines as they arrive, watches the first-token and between-token
 * timeouts, and ends exactly once: completed, failed or cancelled. Ending it early cancels the body subscription and
 * the exchange, which closes the connection. A completed answer ({@code [DONE]}) lets the body end on its own
 * instead, so the connection goes back to the client's pool for the next request (cut after the between-token
 * timeout if the server keeps the body open).
 */
final class StreamCall implements OpenAiStream, Flow.Subscriber<List<ByteBuffer>> {

    private final OpenAiStreamListener listener;
    private final ChatChunkReader reader;
    private final Utf8Lines lines = new Utf8Lines();
    private final ScheduledExecutorService timers;
    private final OpenAiTimeouts timeouts;
    private final BiFunction<Integer, String, OpenAiException> statusFailure;
    private CompletableFuture<HttpResponse<Void>> exchange;
    private Flow.Subscription subscription;
    private ScheduledFuture<?> timer;
    /** When the pending {@link #timer} runs (System.nanoTime()); the timeout it watches may end later. */
    private long timerAt;
    /** The running timeout: moved on by each token without touching the timer, which looks again when it runs. */
    private long deadline;
    private OpenAiException.Kind deadlineKind;
    private String deadlineWords;
    private boolean done;
    private boolean responded;
    private boolean bodyEnded;

    StreamCall(OpenAiStreamListener listener, ChatChunkReader reader, ScheduledExecutorService timers,
               OpenAiTimeouts timeouts, BiFunction<Integer, String, OpenAiException> statusFailure) {
        this.statusFailure = statusFailure;
        this.listener = listener;
        this.reader = reader;
        this.timers = timers;
        this.timeouts = timeouts;
    }

    synchronized void start(CompletableFuture<HttpResponse<Void>> exchange) {
        this.exchange = exchange;
        if (done) {
            exchange.cancel(true);
            return;
        }
        arm(timeouts.firstToken(), OpenAiException.Kind.FIRST_TOKEN_TIMEOUT, "no first token in time");
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                fail(OpenAiClient.transportFailure(failure, responded(), false));
            }
        });
    }

    /** The body's subscriber: the lines of a success, or the whole body of an error status to read its message. */
    HttpResponse.BodySubscriber<Void> bodySubscriber(HttpResponse.ResponseInfo info) {
        synchronized (this) {
            responded = true;
        }
        if (info.statusCode() / 100 == 2) {
            return HttpResponse.BodySubscribers.fromSubscriber(this);
        }
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                body -> {
                    fail(statusFailure.apply(info.statusCode(), body));
                    return null;
                });
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (done) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        try {
            for (var buffer : buffers) {
                if (done) {
                    return;
                }
                lines.feed(buffer, this::line);
            }
        } catch (OpenAiException e) {
            fail(e);
        }
    }

    private void line(String line) {
        if (done) {
            return;
        }
        try {
            var hadToken = reader.sawToken();
            var step = reader.line(line);
            if (step == ChatChunkReader.Step.DONE) {
                complete();
                return;
            }
            if (reader.sawToken() || hadToken) {
                arm(timeouts.betweenTokens(), OpenAiException.Kind.TOKEN_TIMEOUT, "the stream stalled");
            }
        } catch (OpenAiException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void onError(Throwable failure) {
        bodyEnded = true;
        fail(OpenAiClient.transportFailure(failure, true, false));
    }

    @Override
    public synchronized void onComplete() {
        bodyEnded = true;
        if (done) {
            if (timer != null) {
                timer.cancel(false); // the body ended after [DONE]: the connection is reusable
            }
            return;
        }
        try {
            var last = lines.rest();
            if (last != null) {
                line(last);
                if (done) {
                    return;
                }
            }
            if (reader.end() == ChatChunkReader.Step.DONE || reader.finished()) {
                // A server that ends the body after the last chunk without [DONE] still finished the answer.
                complete();
            } else {
                fail(new OpenAiException(OpenAiException.Kind.INCOMPLETE,
                        "the connection closed before the answer was finished"));
            }
        } catch (OpenAiException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void cancel() {
        if (!done) {
            done = true;
            release();
        }
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    private synchronized boolean responded() {
        return responded;
    }

    private void complete() {
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (!bodyEnded) {
            // let the body end by itself (the connection then returns to the pool); cut it if it does not
            timer = timers.schedule(this::cutUnendedBody, OpenAiClient.positive(timeouts.betweenTokens()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        listener.onComplete(reader.usage(), reader.finishReason());
    }

    private synchronized void cutUnendedBody() {
        if (!bodyEnded) {
            release();
        }
    }

    synchronized void fail(OpenAiException error) {
        if (done) {
            return;
        }
        done = true;
        release();
        listener.onError(error);
    }

    private void release() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (subscription != null) {
            subscription.cancel();
        }
        if (exchange != null) {
            exchange.cancel(true);
        }
    }

    /**
     * Sets the running timeout. Each token moves it on; the timer is only rescheduled when the deadline comes
     * earlier than the timer (a cancel and a schedule per token cost a lock and a heap operation each, at thousands
     * of tokens a second).
     */
    private void arm(Duration after, OpenAiException.Kind kind, String words) {
        deadline = System.nanoTime() + OpenAiClient.positive(after).toNanos();
        deadlineKind = kind;
        deadlineWords = words;
        if (timer == null || deadline - timerAt < 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            scheduleCheck();
        }
    }

    private void scheduleCheck() {
        timerAt = deadline;
        timer = timers.schedule(this::checkDeadline, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private synchronized void checkDeadline() {
        if (done) {
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            fail(new OpenAiException(deadlineKind, deadlineWords));
        } else {
            scheduleCheck(); // a token came since: look again when the moved timeout ends
        }
    }
}
