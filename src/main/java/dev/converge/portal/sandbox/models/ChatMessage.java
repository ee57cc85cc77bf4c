package dev.converge.portal.sandbox.models;

/** One message of a Chat Completions request, its content reduced to text. */
record ChatMessage(String role, String content) {
}
