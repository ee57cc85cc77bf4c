package dev.converge.portal.sandbox.mlflow;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** MLflow's generated run names: an adjective, a noun and a number, such as {@code bold-owl-417}. */
final class RunNames {

    private static final List<String> ADJECTIVES = List.of("bold", "calm", "clever", "eager", "gentle", "keen",
            "lucky", "merry", "quiet", "swift", "wise", "brave");
    private static final List<String> NOUNS = List.of("owl", "fox", "lynx", "hare", "wren", "seal", "crane", "moth",
            "toad", "yak", "colt", "finch");

    private RunNames() {
    }

    static String random() {
        var random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size()))
                + "-" + random.nextInt(1000);
    }
}
