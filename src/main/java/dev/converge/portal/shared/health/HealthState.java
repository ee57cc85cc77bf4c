package dev.converge.portal.shared.health;

/** Status words of {@code /health} and {@code /readiness}, as Spring Boot's actuator spells them. */
public enum HealthState { UP, DOWN, OUT_OF_SERVICE }
