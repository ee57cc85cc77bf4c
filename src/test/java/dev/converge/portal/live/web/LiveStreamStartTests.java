package dev.converge.portal.live.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveStreamStartTests {

    @Test
    void aPageThatReadItsDataAtAnEventResumesFromIt() {
        assertThat(new LiveStreamStart("hub-42").url("builds,deployments"))
                .isEqualTo("/sse/stream?topics=builds%2Cdeployments&lastEventId=hub-42");
    }

    @Test
    void withoutAPositionTheStreamStartsFromNow() {
        assertThat(new LiveStreamStart(null).url("trust")).isEqualTo("/sse/stream?topics=trust");
    }

    @Test
    void anIdIsEncodedSoItCannotAddParameters() {
        assertThat(new LiveStreamStart("a&topics=secrets").url("rag"))
                .isEqualTo("/sse/stream?topics=rag&lastEventId=a%26topics%3Dsecrets");
    }
}
