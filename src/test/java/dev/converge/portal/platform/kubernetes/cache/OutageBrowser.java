package dev.converge.portal.platform.kubernetes.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

/** A browser without JavaScript, signed in to the portal at {@code port}, for the outage tests' pages. */
final class OutageBrowser implements AutoCloseable {

    private final WebClient browser = new WebClient();
    private final int port;

    OutageBrowser(int port, String username, String password) throws Exception {
        this.port = port;
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        HtmlPage login = browser.getPage("http://127.0.0.1:" + port + "/login");
        HtmlForm form = login.getFirstByXPath("//form[@method='post']");
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        HtmlPage home = form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(home.getUrl().getPath()).isEqualTo("/");
    }

    HtmlPage open(String path) throws Exception {
        return browser.getPage("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        browser.close();
    }
}
