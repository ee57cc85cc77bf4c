package dev.converge.portal.sandbox.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sandbox's simulated model, {@value #ID}: deterministic, and useful in a demo. Given context passages (see
 * {@link ContextPrompt}) it answers with the one or two context sentences that best match the question, each marked
 * with its passage number, and names their sources; otherwise it restates what it was asked. Sentences are scored by
 * the question's content words they contain, rarer words (over all context sentences) weighing more.
 */
final class ExtractiveModel {

    static final String ID = "sandbox-extractive";

    private static final int MAX_SENTENCES = 2;
    private static final int MAX_RESTATED = 500;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> STOPWORDS = Set.of("a", "an", "the", "and", "or", "but", "of", "to", "in",
            "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "do",
            "does", "did", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "that", "this",
            "these", "those", "it", "its", "i", "you", "we", "they", "he", "she", "me", "my", "your", "our", "their",
            "can", "could", "should", "would", "will", "shall", "may", "might", "must", "there", "here", "about",
            "into", "than", "then", "so", "if", "not", "no", "any", "all", "some", "much", "many", "tell", "please");

    private ExtractiveModel() {
    }

    static String answer(List<ChatMessage> messages) {
        return ContextPrompt.parse(messages).map(ExtractiveModel::fromContext)
                .orElseGet(() -> restate(lastUserMessage(messages)));
    }

    private record Sentence(ContextPrompt.Passage passage, int order, String text, Set<String> terms) {
    }

    private static String fromContext(ContextPrompt prompt) {
        var sentences = new ArrayList<Sentence>();
        for (var passage : prompt.passages()) {
            for (var text : SENTENCE_END.split(passage.text())) {
                if (!text.isBlank()) {
                    sentences.add(new Sentence(passage, sentences.size(), text.strip(), terms(text)));
                }
            }
        }
        var question = terms(prompt.question());
        var documentFrequency = new HashMap<String, Integer>();
        sentences.forEach(s -> s.terms().forEach(t -> documentFrequency.merge(t, 1, Integer::sum)));
        var scores = new HashMap<Sentence, Double>();
        for (var sentence : sentences) {
            double score = 0;
            for (var term : question) {
                if (sentence.terms().contains(term)) {
                    score += Math.log(1.0 + (double) sentences.size() / documentFrequency.get(term));
                }
            }
            scores.put(sentence, score);
        }
        var best = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (best <= 0) {
            return "None of the context passages answers the question \"" + shorten(prompt.question()) + "\".";
        }
        var chosen = sentences.stream().filter(s -> scores.get(s) >= best * 0.6)
                .sorted(Comparator.comparingDouble((Sentence s) -> -scores.get(s)).thenComparingInt(Sentence::order))
                .limit(MAX_SENTENCES)
                .sorted(Comparator.comparingInt(Sentence::order)).toList();
        var sources = new LinkedHashMap<Integer, String>();
        chosen.forEach(s -> sources.putIfAbsent(s.passage().number(), s.passage().source()));
        var answer = chosen.stream().map(s -> s.text() + " [" + s.passage().number() + "]")
                .collect(Collectors.joining(" "));
        return answer + "\n\nSources: " + sources.entrySet().stream()
                .map(e -> "[" + e.getKey() + "] " + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String restate(String question) {
        if (question.isBlank()) {
            return "You asked nothing. I am " + ID + ", a simulated model of the Converge Portal sandbox.";
        }
        return "You asked: \"" + shorten(question) + "\". I am " + ID + ", a simulated model of the Converge "
                + "Portal sandbox: I answer only from context passages in the prompt, so I can just restate the "
                + "question.";
    }

    private static String lastUserMessage(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
    }

    private static String shorten(String text) {
        var collapsed = text.strip().replaceAll("\\s+", " ");
        return collapsed.length() <= MAX_RESTATED ? collapsed : collapsed.substring(0, MAX_RESTATED) + "...";
    }

    /** Lower-case content words, plural "s" dropped, so "models" matches "model". */
    static Set<String> terms(String text) {
        var terms = new HashSet<String>();
        var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            var word = matcher.group();
            if (word.length() < 2 || STOPWORDS.contains(word)) {
                continue;
            }
            if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
                word = word.substring(0, word.length() - 1);
            }
            terms.add(word);
        }
        return terms;
    }
}
