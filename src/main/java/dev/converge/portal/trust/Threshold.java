package dev.converge.portal.trust;

import java.util.regex.Pattern;

/** One metric rule of a team policy, written {@code accuracy>=0.9} or {@code drift<=0.1}. */
public record Threshold(String metric, String operator, double value) {

    private static final Pattern RULE = Pattern.compile("^\\s*([A-Za-z0-9_.\\-/]{1,100})\\s*(>=|<=|>|<)\\s*"
            + "(-?[0-9]+(?:\\.[0-9]+)?)\\s*$");

    /** @throws IllegalArgumentException naming the rule when it is not {@code <metric><op><number>} */
    public static Threshold parse(String rule) {
        var matcher = RULE.matcher(rule == null ? "" : rule);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("portal.trust threshold '" + rule
                    + "' is not <metric><op><number> with op one of >=, <=, >, < (e.g. accuracy>=0.9)");
        }
        return new Threshold(matcher.group(1), matcher.group(2), Double.parseDouble(matcher.group(3)));
    }

    public boolean metBy(double actual) {
        return switch (operator) {
            case ">=" -> actual >= value;
            case "<=" -> actual <= value;
            case ">" -> actual > value;
            default -> actual < value;
        };
    }

    @Override
    public String toString() {
        return metric + " " + operator + " " + value;
    }
}
