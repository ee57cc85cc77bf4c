package dev.converge.portal.home;

/**
 * One function of the portal as the home page presents it: {@code id} names its messages ({@code nav.<id>} and
 * {@code home.<id>.<ability>}), {@code path} is where it lives.
 */
public record FunctionCard(String id, String path, String ability) {

    /** The message key saying what this user can do with the function. */
    public String abilityKey() {
        return "home." + id + "." + ability;
    }
}
